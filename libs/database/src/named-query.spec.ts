// @ts-expect-error node-postgres does not type its internals; this is the function it writes parameters with.
import { prepareValue } from 'pg/lib/utils';
import { parameterOf, statementName } from './named-query';

describe('statementName', () => {
  it('should give the same text the same name every time', () => {
    const text = 'SELECT id FROM "leads".lead WHERE email_norm = $1';
    expect(statementName(text)).toBe(statementName(`${text}`));
    expect(statementName(text)).toBe(statementName(['SELECT id FROM "leads".lead', 'WHERE email_norm = $1'].join(' ')));
  });

  it('should be a short identifier of prefix and hex digits when given any text', () => {
    const name = statementName(`SELECT 'a\nb' AS "x y", $1::text`);
    expect(name).toMatch(/^sw_[0-9a-f]{24}$/);
    expect(name.length).toBeLessThan(64);
  });

  it.each([
    ['another table', 'SELECT 1 FROM "leads".lead', 'SELECT 1 FROM "leads_t1".lead'],
    ['a change of one space', 'SELECT 1 FROM a WHERE b = $1', 'SELECT 1 FROM a WHERE  b = $1'],
    ['a change of case', 'select 1', 'SELECT 1'],
  ])('should give two texts two names when they differ by %s', (_what, one, other) => {
    expect(statementName(one)).not.toBe(statementName(other));
  });

  it('should give 10,000 different texts 10,000 different names', () => {
    const seen = new Set(Array.from({ length: 10_000 }, (_, i) => statementName(`SELECT ${i} AS n`)));
    expect(seen.size).toBe(10_000);
  });

  it('should not depend on the process: a known text has a known name', () => {
    // sha256("SELECT 1") begins e004ebd5b5532a4b85984a62f8ad48a81aa3460c1ca07701f386135d72cdecf5.
    expect(statementName('SELECT 1')).toBe('sw_e004ebd5b5532a4b85984a62');
  });
});

/**
 * PostgreSQL's reading of a one-dimensional array literal (array_in), each element as its text, NULL as null: a
 * quoted element with its backslash escapes undone, an unquoted one trimmed, `NULL` unquoted in any case.
 */
function readArrayLiteral(text: string): Array<string | null> {
  if (!text.startsWith('{') || !text.endsWith('}')) throw new Error(`not an array literal: ${text}`);
  const elements: Array<string | null> = [];
  const end = text.length - 1;
  for (let at = 1; at < end; at++) {
    if (text[at] === '"') {
      let element = '';
      for (at++; text[at] !== '"'; at++) element += text[text[at] === '\\' ? ++at : at];
      elements.push(element);
      at++; // past the closing quote, onto the comma or the brace
    } else {
      const comma = text.indexOf(',', at);
      const raw = text.slice(at, comma < 0 ? end : comma).trim();
      elements.push(raw.toUpperCase() === 'NULL' ? null : raw);
      at = comma < 0 ? end : comma;
    }
  }
  return elements;
}

describe('parameterOf', () => {
  it.each([
    ['uuids', ['0b7e0f5e-4f0a-4a55-9d7c-2d1f1c1a0b01', '0B7E0F5E-4F0A-4A55-9D7C-2D1F1C1A0B02']],
    ['texts that need escaping', ['say "hi"', 'C:\\temp\\x', '\\"', '"', '\\', 'a,b', '{x}', ' spaced ', '', 'NULL', 'Ünïcödé ✓', 'line\nbreak']],
    ['texts that do not', ['plain', 'a,b', '{x}', ' spaced ', '', 'NULL', 'null', 'annulled', 'Ünïcödé ✓', '\u2028']],
    ['a lone surrogate', ['a', '\ud800', 'b']],
    ['JSON texts (outbox envelopes)', [JSON.stringify({ a: 'say "hi"', b: 'C:\\temp\\', c: 'line\nbreak', d: ['x'] }), '{"e":1}', 'ends in \\', '\\"', '\\\nx']],
    ['numbers', [0, -0, 1.5, -42, 1e21, 2 ** 70, 0.1 + 0.2, Number.NaN, Number.POSITIVE_INFINITY]],
    ['finite numbers', [0, -0, 1.5, -42, 1e21, 2 ** 70, 0.1 + 0.2, 123456789012]],
    ['booleans', [true, false]],
    ['nulls and undefined among values', [null, 'a', undefined, 3, null]],
    ['nulls, texts, numbers and booleans', [null, 'x', 7, true, undefined, '2026-01-01']],
    ['an empty array', []],
  ])('should write %s so that PostgreSQL reads what node-postgres would have sent', (_what, values) => {
    expect(readArrayLiteral(parameterOf(values) as string)).toEqual(readArrayLiteral(prepareValue(values)));
  });

  it('should write texts that need no escaping in one text, as node-postgres would', () => {
    const values = ['0b7e0f5e-4f0a-4a55-9d7c-2d1f1c1a0b01', 'a,b', '', 'NULL'];
    expect(parameterOf(values)).toBe(prepareValue(values));
  });

  it.each([
    ['dates', [new Date('2026-01-02T03:04:05.006Z')]],
    ['nested arrays', [['a'], ['b']]],
    ['buffers', [Buffer.from('ab')]],
    ['objects', [{ a: 1 }]],
  ])('should leave an array of %s to node-postgres', (_what, values) => {
    expect(parameterOf(values)).toBe(values);
  });

  it.each([['text'], [42], [null], [undefined], [true]])('should leave %p as it is', (value) => {
    expect(parameterOf(value)).toBe(value);
  });
});
