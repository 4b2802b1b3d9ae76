import { IsIsoDateTime } from './dates';
import { validatePlain } from './validation';

class ProbeV1 {
  @IsIsoDateTime()
  at!: string;
}

describe('IsIsoDateTime', () => {
  it.each([
    ['a date', '2026-03-02'],
    ['a leap day', '2028-02-29'],
    ['a UTC time', '2026-03-02T10:00:00Z'],
    ['a time with a fraction and an offset', '2026-03-02T10:00:00.123456+03:00'],
    ['an offset without a colon', '2026-03-02T10:00:00+0300'],
    ['minutes only, no zone', '2026-03-02T10:00'],
    ['a space for the T', '2026-03-02 10:00:00'],
    ['the end of a day', '2026-03-02T24:00'],
  ])('should accept %s when it is %s', (_case, at) => {
    expect(validatePlain(ProbeV1, { at })).toMatchObject({ ok: true });
  });

  // Each was a 500: PostgreSQL refused it in a query, or new Date() read it as Invalid Date.
  it.each([
    ['an impossible day', '2026-02-30'],
    ['a leap day of a common year', '2026-02-29'],
    ['month 13', '2026-13-01'],
    ['a week date', '2026-W01'],
    ['a week date with a day', '2026-W01-1'],
    ['an ordinal date', '2026-032'],
    ['the basic form', '20260302'],
    ['a year and month alone', '2026-03'],
    ['a year alone', '2026'],
    ['a signed year', '+2026-03-02'],
    ['a negative year', '-2026-03-02'],
    ['an hour alone', '2026-03-02T10'],
    ['a decimal comma', '2026-03-02T10:00:00,5Z'],
    ['a zone of hours only', '2026-03-02T10:00:00+03'],
    ['a number', 20260302],
  ])('should name the field when the date is %s', (_case, at) => {
    const result = validatePlain(ProbeV1, { at });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((error) => error.field)).toContain('at');
  });
});
