import { Inject, Injectable, Logger } from '@nestjs/common';
import { DEAL_WON_V1, type DealWonV1, type EventEnvelope } from '@saleswire/contracts';
import { Outbox, type CommandGroupOptions, type GroupApply, type OutboxTransaction } from '@saleswire/messaging';
import { PURCHASE_LISTENER, type PurchaseListener } from './deal.ports';

function isDealWon(event: EventEnvelope<object>): event is EventEnvelope<DealWonV1> {
  return event.type === DEAL_WON_V1.type && event.version === DEAL_WON_V1.version;
}

/** The customers of the deals these events won, each once. */
function buyersOf(events: readonly EventEnvelope<object>[]): string[] {
  return [...new Set(events.filter(isDealWon).map((event) => event.payload.customerId))];
}

/** A grouped command of deals, as its service runs it: `CommandGroup.run` with the purchases told after the commit. */
export interface DealCommandGroup<I extends object, R> {
  run(input: I, prepare?: (input: I) => Promise<void>): Promise<R>;
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

  /**
   * A command group (group commit, issue 14) on deals: `apply` changes the group's commands in one transaction
   * (set-based, or one by one where a command must see what the ones before it wrote). The customers whose deals
   * the group won get their purchase recorded in that transaction, once each, and told to the listener once the
   * group committed, by the first of its commands answered. A group that rolls back re-applies its commands alone,
   * and only what those attempts won is told.
   */
  group<I extends object, R>(name: string, apply: GroupApply<I, R>, options: CommandGroupOptions = {}): DealCommandGroup<I, R> {
    // What the attempt that applied each command won, shared by the commands of its group.
    const attempts = new WeakMap<I, { buyers: string[] }>();
    const group = this.outbox.group<I, R>(
      name,
      async (tx, commands) => {
        const from = tx.events.length;
        const outcomes = await apply(tx, commands);
        const attempt = { buyers: buyersOf(tx.events.slice(from)) };
        for (const customerId of attempt.buyers) await this.purchases.recordPurchase(tx.manager, customerId);
        for (const { input } of commands) attempts.set(input, attempt);
        return outcomes;
      },
      options,
    );
    return {
      run: async (input, prepare) => {
        const value = await group.run(input, prepare);
        // A retry answered with its stored reply changed nothing and has no buyers to tell; the group's first
        // command answered takes its buyers, so that they are told once.
        const buyers = attempts.get(input)?.buyers.splice(0) ?? [];
        attempts.delete(input);
        await this.tellPurchased(buyers);
        return value;
      },
    };
  }

  private async withPurchases<T>(
    work: (tx: OutboxTransaction) => Promise<T>,
    runIn: (wrapped: (tx: OutboxTransaction) => Promise<T>) => Promise<T>,
  ): Promise<T> {
    let buyers: string[] = [];
    const result = await runIn(async (tx) => {
      const value = await work(tx);
      buyers = buyersOf(tx.events);
      for (const customerId of buyers) await this.purchases.recordPurchase(tx.manager, customerId);
      return value;
    });
    await this.tellPurchased(buyers);
    return result;
  }

  private async tellPurchased(buyers: readonly string[]): Promise<void> {
    for (const customerId of buyers) {
      // The purchase is committed: a failure of what follows it must not answer the change as failed (a client
      // would send it again); the rhythm's schedule catches up with what was missed.
      await this.purchases.purchased(customerId).catch((error: unknown) =>
        this.logger.warn({ msg: 'after-purchase work failed; the schedule will retry it', customerId, error: (error as Error).message }),
      );
    }
  }
}
