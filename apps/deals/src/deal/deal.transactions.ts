import { Inject, Injectable, Logger } from '@nestjs/common';
import { DEAL_WON_V1, type DealWonV1, type EventEnvelope } from '@saleswire/contracts';
import { Outbox, type OutboxTransaction } from '@saleswire/messaging';
import { PURCHASE_LISTENER, type PurchaseListener } from './deal.ports';

function isDealWon(event: EventEnvelope<object>): event is EventEnvelope<DealWonV1> {
  return event.type === DEAL_WON_V1.type && event.version === DEAL_WON_V1.version;
}

/**
 * Runs a change of deals in one outbox transaction and, once it has committed, tells the purchase listener of
 * every deal the change won: the `deal.won` events it emitted are the purchase signal, so no path that wins a
 * deal can forget to give it.
 */
@Injectable()
export class DealTransactions {
  private readonly logger = new Logger(DealTransactions.name);

  constructor(
    private readonly outbox: Outbox,
    @Inject(PURCHASE_LISTENER) private readonly purchases: PurchaseListener,
  ) {}

  run<T>(work: (tx: OutboxTransaction) => Promise<T>): Promise<T> {
    return this.withPurchases(work, (wrapped) => this.outbox.transaction(wrapped));
  }

  /**
   * The same for a command (ADR 0010): its request's idempotency key is recorded with the change, and a retry is
   * answered with the stored reply, which emits nothing and so tells the listener nothing again.
   */
  command<R>(change: (tx: OutboxTransaction) => Promise<R>): Promise<R> {
    return this.withPurchases(change, (wrapped) => this.outbox.command(wrapped));
  }

  private async withPurchases<T>(
    work: (tx: OutboxTransaction) => Promise<T>,
    runIn: (wrapped: (tx: OutboxTransaction) => Promise<T>) => Promise<T>,
  ): Promise<T> {
    let buyers: string[] = [];
    const result = await runIn(async (tx) => {
      const value = await work(tx);
      buyers = [...new Set(tx.events.filter(isDealWon).map((event) => event.payload.customerId))];
      for (const customerId of buyers) await this.purchases.recordPurchase(tx.manager, customerId);
      return value;
    });
    for (const customerId of buyers) {
      // The purchase is committed: a failure of what follows it must not answer the change as failed (a client
      // would send it again); the rhythm's schedule catches up with what was missed.
      await this.purchases.purchased(customerId).catch((error: unknown) =>
        this.logger.warn({ msg: 'after-purchase work failed; the schedule will retry it', customerId, error: (error as Error).message }),
      );
    }
    return result;
  }
}
