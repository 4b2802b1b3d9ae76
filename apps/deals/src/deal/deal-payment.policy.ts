import type { DealEntity } from './deal.entity';
import type { DealRefusal } from './deal.errors';

/** Amounts compared in cents: 0.1 + 0.2 covers 0.3. */
export function toCents(amount: number): number {
  return Math.round(amount * 100);
}

/** Whether a deal's payments cover its amount (a deal without an amount is never covered). */
export function paymentsCover(amount: number | null, paid: number): boolean {
  return amount !== null && toCents(paid) >= toCents(amount);
}

/** What a deal has been paid once a payment is added, summed in cents so that the total stays exact. */
export function addPayment(paid: number, payment: number): number {
  return (toCents(paid) + toCents(payment)) / 100;
}

/**
 * The payment rule (DESIGN.md: a deal is won when its payments cover its amount): an open deal that was paid
 * something and whose payments cover its amount is won by itself. Nothing paid wins nothing, even an amount of 0.
 */
export function isWonByPayments(deal: Pick<DealEntity, 'status' | 'amount' | 'paidAmount'>): boolean {
  return deal.status === 'open' && deal.paidAmount > 0 && paymentsCover(deal.amount, deal.paidAmount);
}

/**
 * Why the deal takes no payment in this currency, or null when it takes it: a lost deal takes none, a deal
 * without an amount has nothing to be paid yet, and a payment is in the deal's currency.
 */
export function paymentRefusal(deal: Pick<DealEntity, 'status' | 'amount' | 'currency'>, currency: string): DealRefusal | null {
  if (deal.status === 'lost') return { detail: 'The deal is lost: it takes no payments.', field: 'amount', message: 'deal is lost' };
  if (deal.amount === null || !deal.currency) {
    return { detail: 'The deal has no amount yet; set it before recording payments.', field: 'amount', message: 'deal has no amount' };
  }
  const dealCurrency = deal.currency.trim();
  if (currency !== dealCurrency) {
    return { detail: `The deal is in ${dealCurrency}; record the payment in it.`, field: 'currency', message: `must be ${dealCurrency}` };
  }
  return null;
}

/** A payment of a group, on its deal as locked for the group (null when the deal is out of the caller's sight). */
export interface GroupPayment {
  deal: Pick<DealEntity, 'id' | 'status' | 'amount' | 'currency' | 'paidAmount'> | null;
  amount: number;
  currency: string;
}

/**
 * What becomes of a payment of a group (issue 14): `taken` with the deal's total once it is added and which of the
 * deal's payments taken in the group it is (1, 2, …: its write's place in the deal's versions); `refused` by the
 * payment rule or because the deal is out of sight; or `alone`: the payment wins its deal, so it, and every later
 * payment of that deal, is applied on its own after the ones taken, where the win is recorded.
 */
export type PaymentStep =
  | { kind: 'taken'; paidAmount: number; nth: number }
  | { kind: 'refused'; refusal: DealRefusal | 'not-found' }
  | { kind: 'alone' };

/** A group's payments checked in their order, each on its deal as the payments before it left it. */
export function paymentSteps(payments: readonly GroupPayment[]): PaymentStep[] {
  const deals = new Map<string, { paidAmount: number; taken: number; alone: boolean }>();
  return payments.map(({ deal, amount, currency }): PaymentStep => {
    if (!deal) return { kind: 'refused', refusal: 'not-found' };
    let state = deals.get(deal.id);
    if (!state) deals.set(deal.id, (state = { paidAmount: deal.paidAmount, taken: 0, alone: false }));
    if (state.alone) return { kind: 'alone' };
    const refusal = paymentRefusal(deal, currency);
    if (refusal) return { kind: 'refused', refusal };
    const paidAmount = addPayment(state.paidAmount, amount);
    if (isWonByPayments({ ...deal, paidAmount })) {
      state.alone = true;
      return { kind: 'alone' };
    }
    state.paidAmount = paidAmount;
    return { kind: 'taken', paidAmount, nth: ++state.taken };
  });
}
