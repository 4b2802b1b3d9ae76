import { csvToLeadRows, MAX_CSV_ROW_CHARS, parseCsv } from './lead-import.csv';

describe('parseCsv', () => {
  it.each([
    ['plain fields', 'a,b\n1,2\n', [['a', 'b'], ['1', '2']]],
    ['CRLF line ends and no final newline', 'a,b\r\n1,2', [['a', 'b'], ['1', '2']]],
    ['quoted commas, quotes and newlines', 'a,b\n"x, y","say ""hi""\nthere"\n', [['a', 'b'], ['x, y', 'say "hi"\nthere']]],
    ['empty cells', 'a,b,c\n,,3\n', [['a', 'b', 'c'], ['', '', '3']]],
    ['blank lines', 'a\n\n1\n\n', [['a'], ['1']]],
    ['a byte order mark', '\ufeffa,b\n1,2', [['a', 'b'], ['1', '2']]],
    ['a trailing comma at the end', 'a,b\n1,', [['a', 'b'], ['1', '']]],
    ['an empty quoted field and text after a closing quote', '"",x\n"ab"cd,"e"', [['', 'x'], ['abcd', 'e']]],
    ['an unterminated quote, which runs to the end', 'a\n"open, still', [['a'], ['open, still']]],
    ['CR alone as a line end', 'a,b\r1,2\r', [['a', 'b'], ['1', '2']]],
    ['nothing', '', []],
  ])('should parse %s', (_case, text, expected) => {
    expect(parseCsv(text)).toEqual(expected);
  });
});

describe('csvToLeadRows', () => {
  it('should take a region column as the lead body names it', () => {
    const result = csvToLeadRows('name,source,direction,Region\nIrina,website,inbound,DE-BY\n');
    expect(result.ok && [...result.rows]).toEqual([{ contact: { name: 'Irina' }, source: 'website', direction: 'inbound', region: 'DE-BY' }]);
  });

  it('should nest contact and company columns and make the amount a number when the headers are friendly names', () => {
    const csv = 'Name,Email,Phone,Company,Tax ID,source,direction,expectedAmount,currency\nIrina,i@n.example,+7 495 1,Northwind,7707083893,website,inbound,1500.50,EUR\n';
    const result = csvToLeadRows(csv);
    expect(result.ok && result.count).toBe(1);
    expect(result.ok && [...result.rows]).toEqual([
      {
        contact: { name: 'Irina', email: 'i@n.example', phone: '+7 495 1' },
        company: { name: 'Northwind', taxId: '7707083893' },
        source: 'website',
        direction: 'inbound',
        expectedAmount: 1500.5,
        currency: 'EUR',
      },
    ]);
  });

  it('should leave empty cells out and keep a bad amount as text for the import to report', () => {
    const result = csvToLeadRows('contact.name,email,expectedAmount\nA,,lots\n');
    expect(result.ok && [...result.rows]).toEqual([{ contact: { name: 'A' }, expectedAmount: 'lots' }]);
  });

  it('should keep an amount too large for a double as Infinity for the import to report', () => {
    const result = csvToLeadRows(`name,expectedAmount\nA,${'9'.repeat(400)}\n`);
    expect(result.ok && [...result.rows]).toEqual([{ contact: { name: 'A' }, expectedAmount: Infinity }]);
  });

  it.each([
    ['an unknown column', 'name,shoeSize\nA,42\n', /unknown CSV column "shoeSize"/],
    ['a row longer than any lead', `name,comment\nA,short\nB,${'x'.repeat(MAX_CSV_ROW_CHARS)}\n`, /row 2 holds more than 100000 characters/],
    ['no name column', 'email\na@b.example\n', /needs a "name" column/],
    ['nothing at all', '', /no header row/],
  ])('should refuse a CSV with %s', (_case, csv, message) => {
    const result = csvToLeadRows(csv);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0].message).toMatch(message);
  });
});
