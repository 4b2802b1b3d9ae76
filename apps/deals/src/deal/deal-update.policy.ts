import type { UpdateDealInputV1 } from '@saleswire/contracts';
import type { DealEntity } from './deal.entity';
import type { DealRefusal } from './deal.errors';

/**
 * Why a `PATCH /deals/{id}` may not change the deal's money, or null when it may: the money of a closed deal
 * stays, payments fix the currency they were recorded in, and an amount needs a currency.
 */
export function updateRefusal(
  deal: Pick<DealEntity, 'status' | 'paidAmount' | 'currency'>,
  input: Pick<UpdateDealInputV1, 'amount' | 'currency'>,
): DealRefusal | null {
  if (deal.status !== 'open' && (input.amount !== undefined || input.currency !== undefined)) {
    return { detail: `The deal is ${deal.status}: its amount no longer changes.`, field: 'amount', message: 'deal is closed' };
  }
  if (input.currency !== undefined && deal.paidAmount > 0 && input.currency !== deal.currency?.trim()) {
    return { detail: 'Payments were recorded in the deal’s currency; it no longer changes.', field: 'currency', message: 'payments exist' };
  }
  if (input.amount !== undefined && input.currency === undefined && !deal.currency) {
    return { detail: 'An amount needs a currency.', field: 'currency', message: 'required with amount' };
  }
  return null;
}
