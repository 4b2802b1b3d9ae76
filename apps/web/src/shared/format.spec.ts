import { formatDate, formatMoney, formatMoneyList, missingPartsSentence, sumByCurrency } from './format';

// Intl's spaces are no-break spaces (U+00A0, U+202F): compare with plain ones.
const plain = (text: string): string => text.replace(/[\u00a0\u202f]/g, ' ');

describe('money and dates for the user\'s locale', () => {
  it.each([
    ['en-US', 1234.5, 'USD', '$1,234.50'],
    ['de-DE', 1234.5, 'EUR', '1.234,50 €'],
    ['fr-FR', 1234.5, 'EUR', '1 234,50 €'],
    ['ja-JP', 1234, 'JPY', '￥1,234'],
    ['en-GB', 0.1, 'GBP', '£0.10'],
  ])('should write %s %d %s as %s', (locale, value, currency, expected) => {
    expect(plain(formatMoney(value, currency, locale))).toBe(expected);
  });

  it('should fall back to the number and the code when the currency is unknown to Intl', () => {
    expect(plain(formatMoney(12.5, 'XX1', 'en-US'))).toBe('12.5 XX1');
  });

  it('should sum per currency in cents, in the order currencies first appear, skipping blanks', () => {
    const sums = sumByCurrency([
      { amount: 0.1, currency: 'EUR' },
      { amount: 5, currency: 'USD' },
      { amount: 0.2, currency: 'EUR' },
      { amount: null, currency: 'EUR' },
      { amount: 7, currency: null },
    ]);
    expect(sums).toEqual([
      { currency: 'EUR', value: 0.3 },
      { currency: 'USD', value: 5 },
    ]);
  });

  it('should write several currencies on one line and an empty list as a dash', () => {
    expect(plain(formatMoneyList([{ currency: 'EUR', value: 10 }, { currency: 'USD', value: 2 }], 'en-US'))).toBe('€10.00 · $2.00');
    expect(formatMoneyList([], 'en-US')).toBe('—');
  });

  it('should write a bare date as that calendar day whatever the time zone', () => {
    expect(formatDate('2026-03-01', 'en-US')).toBe('Mar 1, 2026');
    expect(formatDate(null, 'en-US')).toBe('—');
  });
});

describe("an aggregated answer's warnings as a sentence", () => {
  it.each([
    [[], null],
    [[{ service: 'reporting', problem: 'funnel: no answer within 2000 ms.' }], 'Some figures are missing for now: reporting could not give its part. The rest is shown; load again to try again.'],
    [
      [
        { service: 'reporting', problem: 'summary: The reporting service cannot be reached.' },
        { service: 'deals', problem: 'repeatSalesDue: no answer within 2000 ms.' },
        { service: 'reporting', problem: 'funnel: could not be computed' },
      ],
      'Some figures are missing for now: reporting and deals could not give their parts. The rest is shown; load again to try again.',
    ],
  ])('should say %j as one sentence naming each service once', (warnings, sentence) => {
    expect(missingPartsSentence('Some figures are', warnings)).toBe(sentence);
  });
});
