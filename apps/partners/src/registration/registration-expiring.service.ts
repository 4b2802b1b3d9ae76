import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DEAL_REGISTRATION_EXPIRING_V1, SYSTEM_ACTOR } from '@saleswire/contracts';
import { Outbox } from '@saleswire/messaging';
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
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly outbox: Outbox,
    private readonly store: RegistrationStore,
    @Inject(REGISTRATION_SETTINGS) private readonly settings: RegistrationSettings,
  ) {}

  onApplicationBootstrap(): void {
    if (this.settings.expiryCheckMs === 0) return;
    this.timer = setInterval(() => {
      this.running ??= this.announceExpiring()
        .catch((error: unknown) => this.logger.warn({ msg: 'expiring notices failed; the next check retries', error: (error as Error).message }))
        .finally(() => (this.running = undefined));
    }, this.settings.expiryCheckMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
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
