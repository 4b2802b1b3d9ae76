import { Injectable } from '@nestjs/common';
import { type ActorV1, LEAD_OFFER_MADE_V1 } from '@saleswire/contracts';
import { uuidv7 } from '@saleswire/database';
import type { OutboxTransaction } from '@saleswire/messaging';
import { LeadOfferEntity } from './lead-offer.entity';
import { toLeadOfferFacts } from './lead-offer.mapper';
import { candidates, offerEnd, pickWeighted } from './lead-offer.policy';
import { LeadOfferStore } from './lead-offer.store';

/**
 * Offers a lead to the next partner, in the caller's transaction: the first offer (from lead.created), and the
 * next after a decline or a lapse. The caller holds the lead's lock (`LeadOfferStore.lockLead`). With no partner
 * left the lead stays with the direct team and nothing is emitted.
 */
@Injectable()
export class LeadOfferRouter {
  constructor(private readonly store: LeadOfferStore) {}

  async offerNext(tx: OutboxTransaction, lead: { leadId: string; region: string }, offerHours: number, actor: ActorV1, random = Math.random()): Promise<LeadOfferEntity | null> {
    const asked = await this.store.asked(tx.manager, lead.leadId);
    const chosen = pickWeighted(candidates(await this.store.partnersNear(tx.manager, lead.region), lead.region, asked), random);
    if (!chosen) return null;
    const now = new Date();
    const offer = Object.assign(new LeadOfferEntity(), {
      id: uuidv7(),
      version: 1,
      leadId: lead.leadId,
      partnerId: chosen.partnerId,
      region: lead.region,
      round: asked.size + 1,
      status: 'offered' as const,
      offeredAt: now,
      expiresAt: offerEnd(now, offerHours),
      decidedAt: null,
      decidedBy: null,
      reason: null,
    });
    await this.store.insert(tx.manager, offer);
    tx.emit(LEAD_OFFER_MADE_V1, { aggregateId: offer.id, aggregateVersion: offer.version, actor, payload: toLeadOfferFacts(offer) });
    return offer;
  }
}
