import { Injectable } from '@nestjs/common';
import {
  type AcceptLeadOfferInputV1,
  type ActorV1,
  type DeclineLeadOfferInputV1,
  LEAD_OFFER_ACCEPTED_V1,
  LEAD_OFFER_DECLINED_V1,
  type LeadOfferViewV1,
  SYSTEM_ACTOR,
} from '@saleswire/contracts';
import { ForbiddenError, Outbox } from '@saleswire/messaging';
import { LeadOfferClosedError } from './lead-offer.errors';
import { toLeadOfferFacts, toLeadOfferView } from './lead-offer.mapper';
import { answerRefusal, answersOffers } from './lead-offer.policy';
import { LeadOfferRouter } from './lead-offer.router';
import { LeadOfferStore } from './lead-offer.store';
import { PartnerRoutingStore } from './partner-routing.store';

/**
 * `POST /lead-offers/{id}/accept` and `/decline`: the offer's partner answers (its users; the channel side on its
 * behalf). Accepting announces `lead-offer.accepted`, which the leads service applies (the lead's `partnerId`);
 * declining offers the lead to the next partner in the same transaction.
 */
@Injectable()
export class LeadOfferAnswerService {
  constructor(
    private readonly outbox: Outbox,
    private readonly store: LeadOfferStore,
    private readonly router: LeadOfferRouter,
    private readonly routing: PartnerRoutingStore,
  ) {}

  accept(id: string, _input: AcceptLeadOfferInputV1, actor: ActorV1): Promise<LeadOfferViewV1> {
    return this.answer(id, actor, 'accepted', null);
  }

  decline(id: string, input: DeclineLeadOfferInputV1, actor: ActorV1): Promise<LeadOfferViewV1> {
    return this.answer(id, actor, 'declined', input.reason.trim());
  }

  private answer(id: string, actor: ActorV1, to: 'accepted' | 'declined', reason: string | null): Promise<LeadOfferViewV1> {
    if (!answersOffers(actor)) throw new ForbiddenError('The partner offered a lead answers the offer.');
    return this.outbox.command(async (tx) => {
      const now = new Date();
      const offer = await this.store.lockVisible(tx.manager, id, actor);
      await this.store.lockLead(tx.manager, offer.leadId);
      const refusal = answerRefusal(offer, now);
      if (refusal) throw new LeadOfferClosedError(refusal);
      const saved = await this.store.save(tx.manager, Object.assign(offer, { status: to, decidedAt: now, decidedBy: actor.id, reason }));
      const draft = { aggregateId: saved.id, aggregateVersion: saved.version, actor };
      tx.emit(to === 'accepted' ? LEAD_OFFER_ACCEPTED_V1 : LEAD_OFFER_DECLINED_V1, { ...draft, payload: toLeadOfferFacts(saved) });
      if (to === 'declined') {
        const { offerHours } = await this.routing.get(tx.manager);
        // The next offer is the system's, not the decliner's: its event must not name another partner's user.
        await this.router.offerNext(tx, { leadId: saved.leadId, region: saved.region }, offerHours, SYSTEM_ACTOR);
      }
      return toLeadOfferView(saved);
    });
  }
}
