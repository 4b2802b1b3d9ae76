import { Injectable } from '@nestjs/common';
import { PARTNER_DEAL_CHANGED_V1, PARTNER_LEAD_CHANGED_V1, type EventEnvelope } from '@saleswire/contracts';
import type { EventTransaction } from '@saleswire/messaging';
import { ChannelIndexReader } from '../channel-index/channel-index.reader';
import { dealNotice, leadNotice, leadPartnerOf, type DealSource, type LeadSource } from './partner-activity.policy';
import { PartnerNoticeStore } from './partner-notice.store';

/** The notice is of the source's aggregate at its version, by the source's actor. */
function aboutTheSame(source: EventEnvelope<object>): Pick<EventEnvelope<object>, 'aggregateId' | 'aggregateVersion' | 'actor'> {
  return { aggregateId: source.aggregateId, aggregateVersion: source.aggregateVersion, actor: source.actor };
}

/**
 * Tells a partner of its own leads' and deals' changes in the partners stream (ADR 0023), so that its feed is one
 * ordered stream: each leads or deals fact of a partner's record becomes one notice, emitted in the event's own
 * transaction — the inbox drops a redelivery, the notice ledger a fact re-published as another event.
 */
@Injectable()
export class PartnerActivityService {
  constructor(
    private readonly index: ChannelIndexReader,
    private readonly told: PartnerNoticeStore,
  ) {}

  async leadChanged(source: LeadSource, tx: EventTransaction): Promise<void> {
    const said = leadPartnerOf(source);
    // An event that does not name the partner does not change it: the index's partner facet (the newest named) holds.
    const partnerId = said === undefined ? await this.index.partnerOfLead(tx.manager, source.event.payload.leadId) : said;
    const notice = leadNotice(source, partnerId);
    if (notice && (await this.told.first(tx.manager, { ...source.event, partnerId: notice.partnerId }))) {
      tx.emit(PARTNER_LEAD_CHANGED_V1, { ...aboutTheSame(source.event), payload: notice });
    }
  }

  async dealChanged(source: DealSource, tx: EventTransaction): Promise<void> {
    const notice = dealNotice(source);
    if (notice && (await this.told.first(tx.manager, { ...source.event, partnerId: notice.partnerId }))) {
      tx.emit(PARTNER_DEAL_CHANGED_V1, { ...aboutTheSame(source.event), payload: notice });
    }
  }
}
