import { Inject, Injectable, Logger } from '@nestjs/common';
import { DEAL_WON_V1, type DealWonV1, type EventEnvelope } from '@saleswire/contracts';
import { oneByOneOrRefused, Outbox, type CommandGroupOptions, type GroupApply, type GroupOutcome, type OutboxTransaction } from '@saleswire/messaging';
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

/** How a group of deals' commands is applied beyond each command's change. */
export interface DealGroupOptions<I> extends CommandGroupOptions {
  /**
   * Runs first in a group of more than one command, before any change: e.g. locks the group's deals in one order,
   * so that two groups in flight, each changing the other's deals, cannot deadlock.
   */
  before?: (tx: OutboxTransaction, inputs: I[]) => Promise<void>;
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
   * A command group (group commit, issue 14) whose commands are applied one by one in the group's transaction, each
   * seeing what the ones before it wrote (two payments of one deal add up as they would one after the other). The
   * purchases a command's change made are recorded with it, and told to the listener once its group committed. A
   * change refuses its command (`refused`) on what it read, before writing: the others go on in the same transaction.
   */
  group<I extends object, R>(name: string, change: (tx: OutboxTransaction, input: I) => Promise<GroupOutcome<R>>, options: DealGroupOptions<I> = {}): DealCommandGroup<I, R> {
    const { before, ...groupOptions } = options;
    // The buyers of each command's last attempt (a group that rolled back re-applies its commands alone).
    const buyers = new WeakMap<I, string[]>();
    const each = oneByOneOrRefused<I, R>(async (tx, input) => {
      const from = tx.events.length;
      const value = await change(tx, input);
      const won = buyersOf(tx.events.slice(from));
      for (const customerId of won) await this.purchases.recordPurchase(tx.manager, customerId);
      buyers.set(input, won);
      return value;
    });
    const apply: GroupApply<I, R> = before
      ? async (tx, commands) => {
          if (commands.length > 1) await before(tx, commands.map((command) => command.input));
          return each(tx, commands);
        }
      : each;
    const group = this.outbox.group(name, apply, groupOptions);
    return {
      run: async (input, prepare) => {
        const value = await group.run(input, prepare);
        // A retry answered with its stored reply changed nothing and has no buyers to tell.
        const won = buyers.get(input) ?? [];
        buyers.delete(input);
        await this.tellPurchased(won);
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
