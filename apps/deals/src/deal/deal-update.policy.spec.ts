import { updateRefusal } from './deal-update.policy';

describe('deal update policy', () => {
  const open = { status: 'open', paidAmount: 0, currency: 'EUR' } as const;

  it.each([
    ['a new amount of an open deal', open, { amount: 1500 }],
    ['a new currency before any payment', open, { currency: 'USD' }],
    ['the same currency once paid', { ...open, paidAmount: 400 }, { currency: 'EUR' }],
    ['an amount with its currency on a deal without one', { ...open, currency: null }, { amount: 10, currency: 'EUR' }],
    ['other fields of a closed deal', { ...open, status: 'won' }, {}],
  ] as const)('should allow %s', (_case, deal, input) => {
    expect(updateRefusal(deal, input)).toBeNull();
  });

  it.each([
    ['the amount of a won deal', { ...open, status: 'won' }, { amount: 10 }, { field: 'amount', message: 'deal is closed', detail: 'The deal is won: its amount no longer changes.' }],
    ['the currency of a lost deal', { ...open, status: 'lost' }, { currency: 'USD' }, { field: 'amount', message: 'deal is closed' }],
    ['another currency once paid', { ...open, paidAmount: 400 }, { currency: 'USD' }, { field: 'currency', message: 'payments exist' }],
    ['an amount without a currency on a deal without one', { ...open, currency: null }, { amount: 10 }, { field: 'currency', message: 'required with amount' }],
  ] as const)('should refuse %s', (_case, deal, input, expected) => {
    expect(updateRefusal(deal, input)).toMatchObject(expected);
  });
});
