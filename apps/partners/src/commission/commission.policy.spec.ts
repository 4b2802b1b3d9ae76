import { accrualOf, commissionAmount, commissionStepRefusal } from './commission.policy';

describe('commission policy', () => {
  it.each([
    [380000, 0.1, 38000],
    [125000.5, 0.1, 12500.05],
    [0.29, 0.5, 0.15],
    [0.05, 0.1, 0.01],
    [0.04, 0.1, 0],
    [100, 0.0725, 7.25],
    [999.99, 0.1234, 123.4],
    [1, 1, 1],
    [1000, 0, 0],
    [999_999_999_999.99, 0.15, 150_000_000_000],
  ])('should owe %p at a rate of %p as %p', (base, rate, amount) => {
    expect(commissionAmount(base, rate)).toBe(amount);
  });

  it.each([
    ['a direct deal', { channel: 'direct', partnerId: null, paidAmount: 100, currency: 'EUR' }, false],
    ['an indirect deal without a partner', { channel: 'indirect', partnerId: null, paidAmount: 100, currency: 'EUR' }, false],
    ['an indirect deal won with nothing paid', { channel: 'indirect', partnerId: 'p-1', paidAmount: 0, currency: 'EUR' }, false],
    ['an indirect deal without a currency', { channel: 'indirect', partnerId: 'p-1', paidAmount: 10, currency: null }, false],
    ['a paid indirect deal of a partner', { channel: 'indirect', partnerId: 'p-1', paidAmount: 10, currency: 'EUR' }, true],
  ] as const)('should say whether %s earns a commission', (_case, deal, accrues) => {
    expect(accrualOf(deal).accrues).toBe(accrues);
  });

  it.each([
    ['accrued', 'approve', null],
    ['approved', 'pay', null],
    ['accrued', 'pay', 'The commission is accrued; only an approved commission can be paid.'],
    ['approved', 'approve', 'The commission is approved; only an accrued commission can be approved.'],
    ['paid', 'pay', 'The commission is paid; only an approved commission can be paid.'],
    ['paid', 'approve', 'The commission is paid; only an accrued commission can be approved.'],
  ] as const)('should answer a %s commission being asked to %s with %p', (status, step, refusal) => {
    expect(commissionStepRefusal(status, step)).toBe(refusal);
  });
});
