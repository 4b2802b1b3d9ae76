import { Injectable } from '@nestjs/common';
import { type EventEnvelope, type LeadCreatedV1, normaliseRegion, type PartnerRoutingViewV1, SYSTEM_ACTOR } from '@saleswire/contracts';
import type { EventTransaction } from '@saleswire/messaging';
import { routableRegion } from './lead-offer.policy';
import { LeadOfferRouter } from './lead-offer.router';
import { LeadOfferStore } from './lead-offer.store';
import { PartnerRoutingStore } from './partner-routing.store';

/**
 * Decides from `lead.created` whether a new lead is offered to a partner (routing on, one of its sources, a region,
 * no partner, no assignee its creator named) and makes the first offer. A lead offered once is never offered again
 * from its lead.created: the inbox drops a redelivery, and a re-published fact (another event id) finds the lead's
 * offers under the lead's lock.
 */
@Injectable()
export class LeadOfferIntakeService {
  /**
   * The routing as each event transaction first read it: lead.created comes in batches (the channel index takes
   * them so), and this handler runs once per lead inside the batch's transaction — one read of the one routing row
   * per batch, not per lead (an import's 100,000 leads read it 100,000 times). Nothing writes the routing inside an
   * event's transaction; a change commits in its own and is seen by the next batch.
   */
  private readonly routingOf = new WeakMap<EventTransaction['manager'], Promise<PartnerRoutingViewV1>>();

  constructor(
    private readonly routing: PartnerRoutingStore,
    private readonly store: LeadOfferStore,
    private readonly router: LeadOfferRouter,
  ) {}

  async leadCreated(event: EventEnvelope<LeadCreatedV1>, tx: EventTransaction): Promise<void> {
    let read = this.routingOf.get(tx.manager);
    if (!read) this.routingOf.set(tx.manager, (read = this.routing.get(tx.manager)));
    const settings = await read;
    const region = routableRegion(settings, event.payload);
    if (!region) return;
    const leadId = event.payload.leadId;
    await this.store.lockLead(tx.manager, leadId);
    if ((await this.store.asked(tx.manager, leadId)).size > 0) return;
    await this.router.offerNext(tx, { leadId, region: normaliseRegion(region) }, settings.offerHours, SYSTEM_ACTOR);
  }
}
