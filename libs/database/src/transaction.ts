import type { DataSource, EntityManager } from 'typeorm';
import { isConnectFailure, isRerunnableTransactionError } from './transient-errors';

/** How often a transaction is tried: the first run and two more, after a refused connection or a rerunnable error. */
const ATTEMPTS = 3;
/** Waits between attempts: short, because a caller (the gateway) is waiting for the answer. */
const RETRY_BASE_MS = 50;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` in one transaction, as `DataSource.transaction` does, and tries again where that cannot do
 * anything twice: after a connection that could not be opened (nothing was sent) and after a serialization
 * failure or deadlock (PostgreSQL rolled everything back). A connection lost later, COMMIT included, is thrown:
 * whether that commit happened is not known here, which is what a request's idempotency key is for.
 */
export async function runTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const runner = dataSource.createQueryRunner();
    try {
      try {
        await runner.connect();
      } catch (error) {
        if (attempt < ATTEMPTS && isConnectFailure(error)) {
          await sleep(RETRY_BASE_MS * 2 ** attempt);
          continue;
        }
        throw error;
      }
      try {
        await runner.startTransaction();
        const result = await work(runner.manager);
        await runner.commitTransaction();
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
      await runner.release().catch(() => undefined);
    }
  }
}
