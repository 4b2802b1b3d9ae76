import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { queryNamed, submit, submitNamed, type PgClient, type PgResult } from './named-query';
import { isConnectFailure, isRerunnableTransactionError } from './transient-errors';

/** How often a transaction is tried: the first run and two more, after a refused connection or a rerunnable error. */
const ATTEMPTS = 3;
/** Waits between attempts: short, because a caller (the gateway) is waiting for the answer. */
const RETRY_BASE_MS = 50;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A statement left for the COMMIT of its transaction (`queryAtCommit`). */
interface LastWrite {
  text: string;
  values: readonly unknown[];
}

/** The last writes of each transaction `runTransaction` runs, by its query runner. */
const lastWrites = new WeakMap<QueryRunner, LastWrite[]>();

/**
 * What TypeORM's `startTransaction` and `commitTransaction` set on a query runner: whether a transaction is open, and
 * its depth (a protected field: 1 is a transaction, more are savepoints).
 */
type TransactionMarks = { isTransactionActive: boolean; transactionDepth: number };

function mark(runner: QueryRunner, open: boolean): void {
  Object.assign(runner as unknown as TransactionMarks, { isTransactionActive: open, transactionDepth: open ? 1 : 0 });
}

/**
 * Runs `work` in one transaction, as `DataSource.transaction` does, and tries again where that cannot do
 * anything twice: after a connection that could not be opened (nothing was sent) and after a serialization
 * failure or deadlock (PostgreSQL rolled everything back). A connection lost later, COMMIT included, is thrown:
 * whether that commit happened is not known here, which is what a request's idempotency key is for.
 *
 * Its BEGIN does not wait for an answer before the work's first statement, and the statements the work left for the
 * commit (`queryAtCommit`) go with the COMMIT: on the platform's pipelined connections (ADR 0028) each pair leaves
 * in one write, two round trips fewer a transaction. A COMMIT that PostgreSQL answers with ROLLBACK (a statement of
 * the transaction had failed) is thrown, with that statement's error when it was one left for the commit.
 */
export async function runTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const runner = dataSource.createQueryRunner();
    try {
      let client: PgClient;
      try {
        client = (await runner.connect()) as PgClient;
      } catch (error) {
        if (attempt < ATTEMPTS && isConnectFailure(error)) {
          await sleep(RETRY_BASE_MS * 2 ** attempt);
          continue;
        }
        throw error;
      }
      try {
        const begun = begin(runner, client);
        const result = await work(runner.manager);
        await begun;
        await commit(runner, client);
        return result;
      } catch (error) {
        if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
        if (attempt < ATTEMPTS && isRerunnableTransactionError(error)) {
          await sleep(RETRY_BASE_MS * attempt + Math.random() * RETRY_BASE_MS);
          continue;
        }
        throw error;
      }
    } finally {
      lastWrites.delete(runner);
      await runner.release().catch(() => undefined);
    }
  }
}

/**
 * Runs a named statement whose answer nobody reads (an outbox row, a mark) as the last write of its transaction:
 * when `manager` is a transaction of `runTransaction`, it is sent just before the COMMIT, in the same write, and its
 * failure fails the transaction; elsewhere it runs now.
 */
export async function queryAtCommit(manager: EntityManager, text: string, values: readonly unknown[] = []): Promise<void> {
  const pending = manager.queryRunner && lastWrites.get(manager.queryRunner);
  if (pending) pending.push({ text, values });
  else await queryNamed(manager, text, values);
}

/**
 * One read that needs settings of its own (`SET LOCAL`, a planner setting for it alone), in one round trip: BEGIN, the
 * settings, the read and COMMIT leave in one write on the platform's pipelined connections (ADR 0028), where
 * `DataSource.transaction` waits for each in turn, four round trips for one read. The read is not named: its text may
 * carry the call's own literals. Its failure (or a setting's) is thrown, and the COMMIT then ends the transaction as a
 * ROLLBACK, so the connection goes back to the pool with none open.
 */
export async function readWithSettings<T>(dataSource: DataSource, settings: readonly string[], text: string, values: readonly unknown[]): Promise<T[]> {
  const runner = dataSource.createQueryRunner();
  try {
    const client = (await runner.connect()) as PgClient;
    // Submitted in their order, each without waiting for the one before.
    const answers = await Promise.allSettled([client.query('BEGIN'), ...settings.map((setting) => client.query(setting)), submit(client, text, values), client.query('COMMIT')]);
    const failed = answers.find((answer): answer is PromiseRejectedResult => answer.status === 'rejected');
    if (failed) throw failed.reason;
    return (answers[settings.length + 1] as PromiseFulfilledResult<PgResult>).value.rows as T[];
  } finally {
    await runner.release().catch(() => undefined);
  }
}

/**
 * Sends BEGIN and marks the runner's transaction open as TypeORM's `startTransaction` would, without waiting for
 * PostgreSQL's answer first (TypeORM's own would wait, and hand its events to subscribers, which the platform has none of).
 */
function begin(runner: QueryRunner, client: PgClient): Promise<unknown> {
  const begun = client.query('BEGIN');
  // Awaited after the work; a failure of the work first must not leave this one unhandled.
  begun.catch(() => undefined);
  mark(runner, true);
  lastWrites.set(runner, []);
  return begun;
}

/** Sends the last writes and COMMIT together and throws unless all of them were applied. */
async function commit(runner: QueryRunner, client: PgClient): Promise<void> {
  const writes = (lastWrites.get(runner) ?? []).map(({ text, values }) => submitNamed(client, text, values));
  const committed = client.query('COMMIT');
  const [outcome, ...written] = await Promise.allSettled([committed, ...writes]);
  // Answered or not, the transaction is over: a COMMIT after a failed statement ends it as a ROLLBACK.
  mark(runner, false);
  const failed = written.find((each): each is PromiseRejectedResult => each.status === 'rejected');
  if (failed) throw failed.reason;
  if (outcome.status === 'rejected') throw outcome.reason;
  if (outcome.value.command !== 'COMMIT') {
    throw new Error(`the transaction was rolled back at its COMMIT (PostgreSQL answered ${outcome.value.command}): one of its statements had failed`);
  }
}
