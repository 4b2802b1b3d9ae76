import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DEAL_REGISTRATION_EXPIRING_V1, SYSTEM_ACTOR } from '@saleswire/contracts';
import { Outbox, WorkerLoop } from '@saleswire/messaging';
import { REGISTRATION_SETTINGS, type RegistrationSettings } from '../config';
import { toExpiring } from './registration.mapper';
import { expiringHorizon, expiringNotice } from './registration-lifecycle.policy';
import { RegistrationStore } from './registration.store';

/** Registrations announced per transaction, as the expiry does. */
const BATCH = 100;

/**
 * Announces protections ending within 7 days (`deal-registration.expiring`, ADR 0023), on the expiry's schedule and
 * the expiry's way: every replica looks every `REGISTRATION_EXPIRY_CHECK_MS`, claims due registrations with
 * `FOR UPDATE SKIP LOCKED`, records the end it announced on the registration (a new version) and emits the notice in
 * the same transaction, so each end of protection is announced once whatever the number of replicas.
 */
@Injectable()
export class RegistrationExpiringService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RegistrationExpiringService.name);
  private readonly sweep: WorkerLoop;

  constructor(
    private readonly outbox: Outbox,
    private readonly store: RegistrationStore,
    @Inject(REGISTRATION_SETTINGS) private readonly settings: RegistrationSettings,
  ) {
    this.sweep = WorkerLoop.every(this.settings.expiryCheckMs, () => this.announceExpiring(), { logger: this.logger, failureMessage: 'expiring notices failed; retrying' });
  }

  onApplicationBootstrap(): void {
    if (this.settings.expiryCheckMs === 0) return;
    this.sweep.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.sweep.stop();
  }

  /** Announces every approved registration whose protection ends within 7 days of `now`, once; answers the ids this replica announced. */
  async announceExpiring(now = new Date()): Promise<string[]> {
    const announced: string[] = [];
    for (;;) {
      const batch = await this.outbox.transaction(async (tx) => {
        const claimed = await this.store.claimExpiring(tx.manager, now, expiringHorizon(now), BATCH);
        const ids: string[] = [];
        for (const registration of claimed) {
          const notice = expiringNotice(registration, now);
          if (!notice) continue;
          registration.expiringNoticedFor = registration.protectedUntil;
          const saved = await this.store.save(tx.manager, registration);
          tx.emit(DEAL_REGISTRATION_EXPIRING_V1, {
            aggregateId: saved.id,
            aggregateVersion: saved.version,
            actor: SYSTEM_ACTOR,
            payload: toExpiring(saved, notice.daysLeft, now),
          });
          ids.push(saved.id);
        }
        return { claimed: claimed.length, ids };
      });
      announced.push(...batch.ids);
      // A full batch of which none was due (it cannot be, the claim is the policy's condition) must not loop.
      if (batch.claimed < BATCH || batch.ids.length === 0) return announced;
    }
  }
}
