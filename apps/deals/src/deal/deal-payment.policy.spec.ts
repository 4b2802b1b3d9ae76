import { addPayment, type GroupPayment, isWonByPayments, paymentRefusal, paymentsCover, paymentSteps } from './deal-payment.policy';

describe('payment rule', () => {
  it.each([
    [1000, 1000, true],
    [1000, 1200, true],
    [1000, 999.99, false],
    [0.3, 0.1 + 0.2, true],
    [0, 0, true],
    [null, 1000, false],
  ])('should treat an amount of %p paid with %p as covered: %p', (amount, paid, expected) => {
    expect(paymentsCover(amount, paid)).toBe(expected);
  });

  it.each([
    [0.1, 0.2, 0.3],
    [399.99, 0.01, 400],
    [0, 600, 600],
  ])('should sum %p and a payment of %p to exactly %p when a payment is added', (paid, payment, expected) => {
    expect(addPayment(paid, payment)).toBe(expected);
  });
});

describe('won by payments', () => {
  it.each([
    ['the payments cover the amount', 'open', 1000, 1000, true],
    ['the payments exceed the amount', 'open', 600, 1000, true],
    ['the amount was lowered to what is paid', 'open', 600, 600, true],
    ['part is paid', 'open', 1000, 999.99, false],
    ['nothing is paid, even for an amount of 0', 'open', 0, 0, false],
    ['the deal has no amount', 'open', null, 500, false],
    ['the deal is won already', 'won', 1000, 1000, false],
    ['the deal is lost', 'lost', 1000, 1000, false],
  ] as const)('should answer %s: %p', (_case, status, amount, paidAmount, expected) => {
    expect(isWonByPayments({ status, amount, paidAmount })).toBe(expected);
  });
});

describe('payment acceptance', () => {
  const deal = { status: 'open', amount: 1000, currency: 'EUR' } as const;

  it.each([
    ['an open deal in its currency', deal],
    ['a won deal (money still comes in)', { ...deal, status: 'won' }],
  ] as const)('should take the payment when it is %s', (_case, target) => {
    expect(paymentRefusal(target, 'EUR')).toBeNull();
  });

  it.each([
    ['the deal is lost', { ...deal, status: 'lost' }, 'EUR', { field: 'amount', message: 'deal is lost' }],
    ['the deal has no amount', { ...deal, amount: null }, 'EUR', { field: 'amount', message: 'deal has no amount' }],
    ['the deal has no currency', { ...deal, currency: null }, 'EUR', { field: 'amount', message: 'deal has no amount' }],
    ['the payment is in another currency', deal, 'USD', { field: 'currency', message: 'must be EUR' }],
  ] as const)('should refuse the payment when %s', (_case, target, currency, expected) => {
    expect(paymentRefusal(target, currency)).toMatchObject(expected);
  });
});

describe('a group of payments', () => {
  const a = { id: 'a', status: 'open', amount: 1000, currency: 'EUR', paidAmount: 0 } as const;
  const b = { id: 'b', status: 'open', amount: 500, currency: 'EUR', paidAmount: 400 } as const;
  const pay = (deal: GroupPayment['deal'], amount: number, currency = 'EUR'): GroupPayment => ({ deal, amount, currency });
  const taken = (paidAmount: number, nth: number) => ({ kind: 'taken', paidAmount, nth });
  const alone = { kind: 'alone' };

  it.each([
    ['one payment on its deal', [pay(a, 100)], [taken(100, 1)]],
    ['payments of one deal, each on the total the ones before it left', [pay(a, 100), pay(a, 250.5), pay(a, 0.1)], [taken(100, 1), taken(350.5, 2), taken(350.6, 3)]],
    ['payments of two deals, counted apart', [pay(a, 100), pay(b, 50), pay(a, 100)], [taken(100, 1), taken(450, 1), taken(200, 2)]],
    ['a payment that covers its deal, and the later ones of that deal, alone', [pay(b, 50), pay(b, 50), pay(a, 10), pay(b, 1)], [taken(450, 1), alone, taken(10, 1), alone]],
    ['a payment over the amount: alone, it wins the deal', [pay(b, 5000)], [alone]],
    ['a deal out of sight: refused as not found, the others go on', [pay(null, 100), pay(a, 100)], [{ kind: 'refused', refusal: 'not-found' }, taken(100, 1)]],
    [
      'a payment in another currency: refused, adding nothing to the next',
      [pay(a, 100, 'USD'), pay(a, 100)],
      [{ kind: 'refused', refusal: expect.objectContaining({ field: 'currency' }) }, taken(100, 1)],
    ],
    ['a won deal still takes money (and wins nothing again)', [pay({ ...a, status: 'won', paidAmount: 1000 }, 5)], [taken(1005, 1)]],
    ['a lost deal takes none', [pay({ ...a, status: 'lost' }, 5)], [{ kind: 'refused', refusal: expect.objectContaining({ message: 'deal is lost' }) }]],
  ] as const)('should take %s', (_case, payments, expected) => {
    expect(paymentSteps(payments)).toEqual(expected);
  });
});
