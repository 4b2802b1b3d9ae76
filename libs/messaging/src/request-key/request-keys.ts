import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { runTransaction } from '@saleswire/database';
import type { DataSource, EntityManager } from 'typeorm';
import { WorkerLoop } from '../worker-loop';
import { RequestKeyStore, runCommand } from './request-key.store';

/** How often expired keys are purged; a key lives 24 hours, so an hour late costs nothing. */
const PURGE_EVERY_MS = 15 * 60_000;

/**
 * The request keys of an app that records them (`MessagingModule` `recordsRequestKeys`): `command()` for a
 * write on the app's own data source without an outbox (the gateway's users), and the purge of expired keys
 * on a schedule. Services with an outbox run their commands with `Outbox.command`, on the same table.
 */
@Injectable()
export class RequestKeys implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RequestKeys.name);
  private readonly store: RequestKeyStore;
  private readonly purger: WorkerLoop;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.store = new RequestKeyStore(dataSource);
    this.purger = new WorkerLoop(
      async () => {
        const purged = await this.purge();
        if (purged > 0) this.logger.log({ msg: 'expired request keys purged', purged });
        return false;
      },
      { pollMs: PURGE_EVERY_MS, backoff: { baseMs: 1000, capMs: 60_000 }, logger: this.logger, failureMessage: 'purging request keys failed; retrying' },
    );
  }

  onApplicationBootstrap(): void {
    this.purger.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.purger.stop();
  }

  /**
   * Runs a write's change in one transaction with the request's idempotency key recorded beside it, or answers
   * the reply an earlier attempt stored (ADR 0010); without a key, just the transaction.
   */
  command<R>(change: (manager: EntityManager) => Promise<R>): Promise<R> {
    return runCommand<EntityManager, R, undefined>(
      {
        store: this.store,
        manager: this.dataSource.manager,
        transaction: (work) => runTransaction(this.dataSource, work),
        managerOf: (manager) => manager,
      },
      change,
    );
  }

  /** Deletes the keys older than their retention now; answers how many went. */
  purge(): Promise<number> {
    return this.store.purge(this.dataSource.manager);
  }
}
