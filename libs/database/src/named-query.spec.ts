import { statementName } from './named-query';

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
