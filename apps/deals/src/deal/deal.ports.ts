import type { EntityManager } from 'typeorm';

/**
 * What follows a purchase (a deal won) once its transaction has committed: the repeat-sales rhythm implements it,
 * so that the next deal of a customer with a rhythm opens as soon as the purchase that makes it due is in.
 */
export interface PurchaseListener {
  /** In the transaction that won the customer's deal: what must hold with the purchase (its rhythm). */
  recordPurchase(manager: EntityManager, customerId: string): Promise<void>;
  purchased(customerId: string): Promise<void>;
}

/** The injection token of the `PurchaseListener`. */
export const PURCHASE_LISTENER = Symbol('PURCHASE_LISTENER');
