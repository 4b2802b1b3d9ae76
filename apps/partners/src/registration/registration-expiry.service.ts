import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DEAL_REGISTRATION_EXPIRED_V1, SYSTEM_ACTOR } from '@saleswire/contracts';
import { Outbox, WorkerLoop } from '@saleswire/messaging';
import { REGISTRATION_SETTINGS, type RegistrationSettings } from '../config';
import { toExpired } from './registration.mapper';
import { transitionRefusal } from './registration-lifecycle.policy';
import { RegistrationStore } from './registration.store';
import { change } from './registration.transitions';

/** Registrations expired per transaction: enough to catch up quickly, few enough to hold locks briefly. */
const BATCH = 100;

/**
 * Ends protections on schedule: every replica looks every `REGISTRATION_EXPIRY_CHECK_MS`, claims ended approved
 * registrations with `FOR UPDATE SKIP LOCKED` and expires what it claimed, so each registration is expired (and its
 * `expired` event published) exactly once whatever the number of replicas. Conflict checks stop counting a
 * protection the moment it ends, whether or not this has run yet.
 */
@Injectable()
export class RegistrationExpiryService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RegistrationExpiryService.name);
  private readonly sweep: WorkerLoop;

  constructor(
    private readonly outbox: Outbox,
    private readonly store: RegistrationStore,
    @Inject(REGISTRATION_SETTINGS) private readonly settings: RegistrationSettings,
  ) {
    this.sweep = WorkerLoop.every(this.settings.expiryCheckMs, () => this.expireEnded(), { logger: this.logger, failureMessage: 'registration expiry failed; retrying' });
  }

  onApplicationBootstrap(): void {
    if (this.settings.expiryCheckMs === 0) return;
    this.sweep.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.sweep.stop();
  }

  /** Expires every approved registration whose protection ended by `now`; answers the ids this replica expired. */
  async expireEnded(now = new Date()): Promise<string[]> {
    const expired: string[] = [];
    for (;;) {
      const batch = await this.outbox.transaction(async (tx) => {
        const claimed = await this.store.claimEnded(tx.manager, now, BATCH);
        for (const registration of claimed) {
          if (transitionRefusal(registration, 'expire', now)) continue;
          change(registration, { status: 'expired' });
          const saved = await this.store.save(tx.manager, registration);
          tx.emit(DEAL_REGISTRATION_EXPIRED_V1, {
            aggregateId: saved.id,
            aggregateVersion: saved.version,
            actor: SYSTEM_ACTOR,
            payload: toExpired(saved, now),
          });
        }
        return claimed.map((registration) => registration.id);
      });
      expired.push(...batch);
      if (batch.length < BATCH) return expired;
    }
  }
}
