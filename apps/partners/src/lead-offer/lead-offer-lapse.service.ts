import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { LEAD_OFFER_LAPSED_V1, SYSTEM_ACTOR } from '@saleswire/contracts';
import { Outbox, WorkerLoop } from '@saleswire/messaging';
import { LEAD_OFFER_SETTINGS, type LeadOfferSettings } from '../config';
import { toLeadOfferFacts } from './lead-offer.mapper';
import { LeadOfferRouter } from './lead-offer.router';
import { LeadOfferStore } from './lead-offer.store';
import { PartnerRoutingStore } from './partner-routing.store';

/** Offers lapsed per transaction: enough to catch up quickly, few enough to hold locks briefly. */
const BATCH = 100;

/**
 * Lapses offers not answered in time, once whatever the number of replicas: every replica looks every
 * `LEAD_OFFER_CHECK_MS`, claims due offers with `FOR UPDATE SKIP LOCKED`, lapses what it claimed with its `lapsed`
 * event and offers each lead to the next partner, in one transaction per batch. An answer that races the lapse
 * waits on the offer's row lock and then finds it lapsed (422).
 */
@Injectable()
export class LeadOfferLapseService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LeadOfferLapseService.name);
  private readonly sweep: WorkerLoop;

  constructor(
    private readonly outbox: Outbox,
    private readonly store: LeadOfferStore,
    private readonly router: LeadOfferRouter,
    private readonly routing: PartnerRoutingStore,
    @Inject(LEAD_OFFER_SETTINGS) private readonly settings: LeadOfferSettings,
  ) {
    this.sweep = WorkerLoop.every(this.settings.checkMs, () => this.lapseDue(), { logger: this.logger, failureMessage: 'lead offer lapse failed; retrying' });
  }

  onApplicationBootstrap(): void {
    if (this.settings.checkMs === 0) return;
    this.sweep.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.sweep.stop();
  }

  /** Lapses every open offer due by `now` and offers its lead onward; answers the ids this replica lapsed. */
  async lapseDue(now = new Date()): Promise<string[]> {
    const lapsed: string[] = [];
    for (;;) {
      const batch = await this.outbox.transaction(async (tx) => {
        const claimed = await this.store.claimDue(tx.manager, now, BATCH);
        const { offerHours } = await this.routing.get(tx.manager);
        for (const offer of claimed) {
          await this.store.lockLead(tx.manager, offer.leadId);
          const saved = await this.store.save(tx.manager, Object.assign(offer, { status: 'lapsed' as const, decidedAt: now, decidedBy: SYSTEM_ACTOR.id }));
          tx.emit(LEAD_OFFER_LAPSED_V1, { aggregateId: saved.id, aggregateVersion: saved.version, actor: SYSTEM_ACTOR, payload: toLeadOfferFacts(saved) });
          await this.router.offerNext(tx, { leadId: saved.leadId, region: saved.region }, offerHours, SYSTEM_ACTOR);
        }
        return claimed.map((offer) => offer.id);
      });
      lapsed.push(...batch);
      if (batch.length < BATCH) return lapsed;
    }
  }
}
