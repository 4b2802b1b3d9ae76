import { InvalidInputError, MAX_INPUT_DEPTH } from '@saleswire/messaging';
import { checkJsonDepth, checkPercentEncoding, checkQueryString, decodeUtf8Body } from './request-input';

function fieldsRefused(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as InvalidInputError).errors?.map((e) => e.field) ?? [];
  }
  return [];
}

const nestedArrays = (levels: number): string => '['.repeat(levels) + ']'.repeat(levels);

describe('decodeUtf8Body', () => {
  it.each([
    ['a lone continuation byte', [0x61, 0x80, 0x62]],
    ['0xFF', [0x7b, 0xff, 0x7d]],
    ['a truncated sequence at the end', [0x61, 0xc3]],
    ['an overlong encoding of "/"', [0xc0, 0xaf]],
    ['an encoded surrogate (CESU-8)', [0xed, 0xa0, 0x80]],
  ])('should answer 400 naming body when the bytes hold %s', (_case, bytes) => {
    expect(fieldsRefused(() => decodeUtf8Body(Buffer.from(bytes)))).toEqual(['body']);
  });

  it.each([
    ['ASCII', '{"a":1}', '{"a":1}'],
    ['Cyrillic and an emoji', 'Ирина 🙂', 'Ирина 🙂'],
    ['a byte order mark, which is dropped', '\ufeff{"a":1}', '{"a":1}'],
    ['nothing', '', ''],
  ])('should answer the text when the bytes are %s', (_case, text, expected) => {
    expect(decodeUtf8Body(Buffer.from(text, 'utf8'))).toBe(expected);
  });
});

describe('checkJsonDepth', () => {
  it.each([
    [`${MAX_INPUT_DEPTH} levels of arrays`, nestedArrays(MAX_INPUT_DEPTH)],
    ['brackets inside strings', JSON.stringify({ a: '[[[[{{{{'.repeat(20), b: ['\\"[[[['.repeat(20)] })],
    ['an escaped backslash before a closing quote', `{"a":"x\\\\"${',"b":[1]'.repeat(40)}}`],
    ['malformed JSON, left to the parser', '{"a": ]]]]'],
    ['a string that never ends', '["abc'],
  ])('should let the text through when it holds %s', (_case, text) => {
    expect(() => checkJsonDepth(text)).not.toThrow();
  });

  it.each([
    [`${MAX_INPUT_DEPTH + 1} levels of arrays`, nestedArrays(MAX_INPUT_DEPTH + 1)],
    ['10,000 levels of objects', '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000)],
    ['deep nesting after a string with an escaped quote', `{"a":"say \\"hi\\"","b":${nestedArrays(40)}}`],
  ])('should answer 400 naming body when the text holds %s', (_case, text) => {
    expect(fieldsRefused(() => checkJsonDepth(text))).toEqual(['body']);
  });
});

describe('checkQueryString and checkPercentEncoding', () => {
  it.each([
    ['a lone %FF', '/api/v1/leads?q=ab%FFc'],
    ['an encoded surrogate', '/api/v1/leads?q=%ED%A0%80'],
    ['a % that starts no escape', '/api/v1/leads?q=100%'],
    ['a raw Latin-1 byte as Node reads it', '/api/v1/leads?q=caf\u00e9'],
  ])('should answer 400 naming query when the query string holds %s', (_case, url) => {
    expect(fieldsRefused(() => checkQueryString(url))).toEqual(['query']);
  });

  it.each([
    ['no query string', '/api/v1/leads'],
    ['UTF-8 escapes and pluses', '/api/v1/leads?q=caf%C3%A9+au+lait&limit=5'],
    ['a NUL escape, left to the ValidationPipe to name its parameter', '/api/v1/leads?q=a%00b'],
  ])('should let the URL through when it has %s', (_case, url) => {
    expect(() => checkQueryString(url)).not.toThrow();
  });

  it('should answer 400 naming body when a form body has a bad escape', () => {
    expect(fieldsRefused(() => checkPercentEncoding('email=a%C3&password=x', 'body'))).toEqual(['body']);
  });
});
