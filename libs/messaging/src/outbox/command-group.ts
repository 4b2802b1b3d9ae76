import { AsyncResource } from 'node:async_hooks';
import { isTransientDatabaseError, isRerunnableTransactionError } from '@saleswire/database';
import { currentRequestKey, requestKeyId, type RequestKeyScope } from '../request-key/request-key';
import type { RequestKeyStore } from '../request-key/request-key.store';
import type { EntityManager } from 'typeorm';
import type { OutboxTransaction } from './outbox';

/** One command of a group, as the group's `apply` sees it. */
export interface GroupedCommand<I> {
  readonly input: I;
  /**
   * Runs `fn` in the async context of the request that sent this command (its correlation id, trace and request
   * key): events a set-based `apply` emits for this command must be emitted inside it, so that they carry the
   * command's own correlation, not the first command's of the group.
   */
  within<T>(fn: () => T): T;
}

/** What `apply` answers for one command: its reply, or the error to answer that command alone with. */
export type GroupOutcome<R> = { ok: true; value: R } | { ok: false; error: Error };

/** Applies a group of commands in one transaction, answering one outcome per command, in their order. */
export type GroupApply<I, R> = (tx: OutboxTransaction, commands: GroupedCommand<I>[]) => Promise<Array<GroupOutcome<R>>>;

/** How big a group may grow and how many may be in flight at once. */
export interface CommandGroupOptions {
  /** The most commands in one transaction (64). */
  maxSize?: number;
  /**
   * Groups in flight at once (1): what arrives while a group is in its transaction waits for the next one. Two in
   * flight (the first default) halved the groups on a busy machine and cost 7–27 % of the saturated writes
   * (ADR 0024, amendment "one group in flight"); a group grows to `maxSize` instead.
   */
  maxInFlight?: number;
}

/** The parts of the outbox a group runs on. */
export interface CommandGroupRunner {
  keys: RequestKeyStore;
  /** A manager outside any transaction, to look a retry's key up before `prepare`. */
  manager: EntityManager;
  transaction<T>(work: (tx: OutboxTransaction) => Promise<T>): Promise<T>;
  observeSize?(group: string, size: number): void;
}

interface Pending<I, R> {
  input: I;
  scope?: RequestKeyScope;
  within: <T>(fn: () => T) => T;
  resolve(value: R): void;
  reject(error: unknown): void;
}

/** The answer for a command that `apply` refuses alone (a rule of its own request), keeping its neighbours. */
export function refused<R>(error: Error): GroupOutcome<R> {
  return { ok: false, error };
}

/** The answer for a command that `apply` carried out. */
export function applied<R>(value: R): GroupOutcome<R> {
  return { ok: true, value };
}

/**
 * An `apply` for commands without a set-based form: each command's own change in turn, in its own request's
 * context, all in the group's one transaction and commit. A change that throws (a rule refusing it) fails the
 * group, whose commands are then applied alone: only that command gets the error.
 */
export function oneByOne<I, R>(change: (tx: OutboxTransaction, input: I) => Promise<R>): GroupApply<I, R> {
  return async (tx, commands) => {
    const outcomes: Array<GroupOutcome<R>> = [];
    for (const command of commands) outcomes.push(applied(await command.within(() => change(tx, command.input))));
    return outcomes;
  };
}

/**
 * `oneByOne` for changes that may refuse their command on what they read, before writing anything: such a change
 * answers `refused(error)` and the commands after it go on in the same transaction, where a thrown error rolls the
 * whole group back and applies each of its commands again alone. A change that has written must throw, not refuse.
 */
export function oneByOneOrRefused<I, R>(change: (tx: OutboxTransaction, input: I) => Promise<GroupOutcome<R>>): GroupApply<I, R> {
  return async (tx, commands) => {
    const outcomes: Array<GroupOutcome<R>> = [];
    for (const command of commands) outcomes.push(await command.within(() => change(tx, command.input)));
    return outcomes;
  };
}

/**
 * Group commit (issue 14): commands that reach a service while an earlier group is in its transaction wait and
 * are applied together, in one transaction with one commit, by a set-based `apply` (one round of look-ups,
 * multi-row inserts). An idle service applies a command at once, alone: the group adds no wait. Every command
 * is answered with its own outcome:
 *
 * - its request key (ADR 0010) is claimed in the group's transaction, with every other key of the group in one
 *   statement; a key an earlier attempt committed answers that attempt's reply and is not applied again;
 * - a command `apply` refuses (`refused(error)`) gets that error, its key is released, its neighbours commit;
 * - when the group's transaction fails as a whole (a constraint, an error thrown by `apply`), PostgreSQL rolled
 *   it all back, so each command is applied again alone and only the one at fault fails; when the failure
 *   leaves it unknown whether the commit happened (a connection lost), every command gets it (a 503), and the
 *   callers' retries with their keys are answered exactly once.
 */
export class CommandGroup<I, R> {
  private readonly queue: Array<Pending<I, R>> = [];
  private inFlight = 0;
  private readonly maxSize: number;
  private readonly maxInFlight: number;

  constructor(
    private readonly name: string,
    private readonly runner: CommandGroupRunner,
    private readonly apply: GroupApply<I, R>,
    options: CommandGroupOptions = {},
  ) {
    this.maxSize = Math.max(1, options.maxSize ?? 64);
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 1);
  }

  /**
   * Applies `input` with the group that forms around it and answers its reply. With the request's key, a retry
   * whose earlier attempt committed is answered that attempt's reply; `prepare` (checks outside the transaction,
   * requests to other services) runs first, and not at all for such a retry.
   */
  async run(input: I, prepare?: (input: I) => Promise<void>): Promise<R> {
    const scope = pendingKey();
    if (scope && prepare) {
      const earlier = await this.runner.keys.find(this.runner.manager, scope.key);
      if (earlier) {
        scope.outcome = 'replayed';
        return earlier.reply as R;
      }
    }
    if (prepare) await prepare(input);
    const within = callersContext();
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ input, scope, within, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const group = this.take();
      this.inFlight++;
      void this.flush(group).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  /** The next commands in order, at most `maxSize`, none sharing a request key (a key is claimed once a statement). */
  private take(): Array<Pending<I, R>> {
    const group: Array<Pending<I, R>> = [];
    const keys = new Set<string>();
    for (let i = 0; i < this.queue.length && group.length < this.maxSize; ) {
      const pending = this.queue[i];
      const key = pending.scope ? requestKeyId(pending.scope.key) : undefined;
      if (key && keys.has(key)) {
        i++;
        continue;
      }
      if (key) keys.add(key);
      group.push(pending);
      this.queue.splice(i, 1);
    }
    return group;
  }

  private async flush(group: Array<Pending<I, R>>): Promise<void> {
    this.runner.observeSize?.(this.name, group.length);
    let outcomes: Array<GroupOutcome<R> | { replayed: unknown }>;
    try {
      // In the first command's request context, not the context of whichever request's pump took the group: the
      // group's statements and outbox rows are traced under that request (its correlation is each event's own).
      outcomes = await group[0].within(() => this.runner.transaction((tx) => this.applyWithKeys(tx, group)));
    } catch (error) {
      if (group.length > 1 && rolledBack(error)) {
        // Everything was rolled back: each command again, alone, so that only the one at fault fails. One after the
        // other: a group of 64 at once would ask the pool for 64 connections, and those that waited past its
        // timeout would answer 503 for commands that had nothing wrong.
        for (const pending of group) await this.flush([pending]);
        return;
      }
      for (const pending of group) pending.reject(error);
      return;
    }
    group.forEach((pending, i) => {
      const outcome = outcomes[i];
      if ('replayed' in outcome) {
        if (pending.scope) pending.scope.outcome = 'replayed';
        pending.resolve(outcome.replayed as R);
      } else if (outcome.ok) {
        if (pending.scope) pending.scope.outcome = 'recorded';
        pending.resolve(outcome.value);
      } else {
        pending.reject(outcome.error);
      }
    });
  }

  /** Claims the group's keys, applies the commands whose keys were free, and records or releases their keys. */
  private async applyWithKeys(
    tx: OutboxTransaction,
    group: Array<Pending<I, R>>,
  ): Promise<Array<GroupOutcome<R> | { replayed: unknown }>> {
    const keyed = group.filter((pending) => pending.scope);
    const earlier = await this.runner.keys.claimMany(
      tx.manager,
      keyed.map((pending) => ({ key: pending.scope!.key, subject: pending.scope!.subject })),
    );
    const outcomes: Array<GroupOutcome<R> | { replayed: unknown } | undefined> = group.map((pending) => {
      if (!pending.scope) return undefined;
      const stored = earlier.get(requestKeyId(pending.scope.key));
      if (stored instanceof Error) return refused<R>(stored);
      return stored ? { replayed: stored.reply } : undefined;
    });
    const fresh = group.flatMap((pending, i) => (outcomes[i] === undefined ? [{ pending, i }] : []));
    if (fresh.length > 0) {
      const results = await this.apply(
        tx,
        fresh.map(({ pending }) => ({ input: pending.input, within: pending.within })),
      );
      if (results.length !== fresh.length) {
        throw new Error(`${this.name}: apply answered ${results.length} outcomes for ${fresh.length} commands`);
      }
      fresh.forEach(({ i }, j) => (outcomes[i] = results[j]));
    }
    const completed: Array<{ scope: RequestKeyScope; reply: unknown }> = [];
    const released: RequestKeyScope[] = [];
    group.forEach((pending, i) => {
      const outcome = outcomes[i]!;
      if (!pending.scope || 'replayed' in outcome) return;
      if (outcome.ok) completed.push({ scope: pending.scope, reply: outcome.value });
      else if (!(earlier.get(requestKeyId(pending.scope.key)) instanceof Error)) released.push(pending.scope);
    });
    await this.runner.keys.completeMany(tx.manager, completed.map(({ scope, reply }) => ({ key: scope.key, reply })));
    await this.runner.keys.release(tx.manager, released.map((scope) => scope.key));
    return outcomes as Array<GroupOutcome<R> | { replayed: unknown }>;
  }
}

/**
 * A way back into the caller's async context (its correlation, trace and request key), as
 * `AsyncLocalStorage.snapshot()` gives: an async resource made here carries every store of this moment. Not
 * snapshot() itself: on Node 20 it binds a function with two deprecation wrappers (DEP0172) on every call, 2 % of
 * the leads service's CPU in the write bench (docs/benchmarks.md).
 */
function callersContext(): <T>(fn: () => T) => T {
  const context = new AsyncResource('saleswire.command');
  return (fn) => context.runInAsyncScope(fn);
}

/** The request's key when it is still to be recorded here. */
function pendingKey(): RequestKeyScope | undefined {
  const scope = currentRequestKey();
  return scope?.outcome === 'pending' ? scope : undefined;
}

/**
 * True when the failed transaction is known to have been rolled back: anything but a lost connection, after
 * which the commit may or may not have happened. (A serialization failure or deadlock was already rerun by the
 * transaction runner and is rolled back too.)
 */
function rolledBack(error: unknown): boolean {
  return isRerunnableTransactionError(error) || !isTransientDatabaseError(error);
}
