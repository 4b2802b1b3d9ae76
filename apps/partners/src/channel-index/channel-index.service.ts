import { Injectable } from '@nestjs/common';
import type {
  CustomerCreatedV1,
  DealCreatedV1,
  DealFactsV1,
  EventEnvelope,
  LeadCompanyV1,
  LeadContactV1,
  LeadCreatedV1,
  LeadStatus,
} from '@saleswire/contracts';
import type { EventTarget } from '@saleswire/messaging';
import type { EntityManager } from 'typeorm';
import { channelKeys } from './channel-keys';
import { ChannelIndexStore, type CustomerFacts, type DealFacts, type LeadFacts, type Versioned } from './channel-index.store';

type Writer = { manager: EntityManager; target: EventTarget };

/** Lead statuses still being worked: such a lead may collide with a partner's registration. */
const OPEN_LEAD_STATUSES: readonly LeadStatus[] = ['new', 'in_progress', 'qualified'];

/** A lead's matching keys: its company (name, tax id) and its contact's email domain. */
export function leadKeys(contact: LeadContactV1, company: LeadCompanyV1 | null | undefined): string[] {
  return channelKeys({ name: company?.name, taxId: company?.taxId, email: contact.email });
}

function newer<T>(held: Versioned<T> | undefined, next: Versioned<T> | undefined): Versioned<T> | undefined {
  return next && (!held || next.version > held.version) ? next : held;
}

/** One entry per lead, each facet from the highest version that speaks of it (on a tie, the first). */
export function mergeLeadFacts(facts: readonly LeadFacts[]): LeadFacts[] {
  const merged = new Map<string, LeadFacts>();
  for (const fact of facts) {
    const id = fact.leadId.toLowerCase();
    const held = merged.get(id);
    merged.set(
      id,
      held
        ? { leadId: held.leadId, keys: newer(held.keys, fact.keys), open: newer(held.open, fact.open), partnerId: newer(held.partnerId, fact.partnerId) }
        : fact,
    );
  }
  return [...merged.values()];
}

/**
 * One entry per deal, as the events applied one after the other in this order would leave it: the facts of the
 * highest version (on a tie, the first), closed once any closed it, the first registration named.
 */
export function mergeDealFacts(facts: readonly DealFacts[]): DealFacts[] {
  const merged = new Map<string, DealFacts>();
  for (const fact of facts) {
    const id = fact.dealId.toLowerCase();
    const held = merged.get(id);
    if (!held) {
      merged.set(id, fact);
      continue;
    }
    const newest = fact.version > held.version ? fact : held;
    merged.set(id, { ...newest, closed: held.closed || fact.closed, registrationId: held.registrationId ?? fact.registrationId });
  }
  return [...merged.values()];
}

/**
 * Keeps the channel index from the leads and deals events: every lead with its keys, whether it is still open and
 * the partner it was routed to; every customer with its keys; every deal with its customer, channel, partner and
 * whether it is open. The partners service never reads the leads' or deals' tables: this is its own copy.
 */
@Injectable()
export class ChannelIndexService {
  constructor(private readonly store: ChannelIndexStore) {}

  /** A batch of created leads: keys, open, partner, each at the lead's version. */
  async leadsCreated(events: readonly EventEnvelope<LeadCreatedV1>[], tx: Writer): Promise<void> {
    const facts = events.map(({ payload, aggregateVersion: version }) => ({
      leadId: payload.leadId,
      keys: { value: leadKeys(payload.contact, payload.company), version },
      open: { value: true, version },
      partnerId: { value: payload.partnerId ?? null, version },
    }));
    await this.store.applyLeads(tx, mergeLeadFacts(facts));
  }

  /**
   * An edit of the lead's keys, or (since leads apply accepted offers) its partner: `partnerId` is absent in older
   * events, which leave the partner facet as it was.
   */
  async leadUpdated(
    leadId: string,
    version: number,
    contact: LeadContactV1,
    company: LeadCompanyV1 | null | undefined,
    partnerId: string | null | undefined,
    tx: Writer,
  ): Promise<void> {
    const keys = { value: leadKeys(contact, company), version };
    await this.store.applyLeads(tx, [partnerId === undefined ? { leadId, keys } : { leadId, keys, partnerId: { value: partnerId, version } }]);
  }

  /** A status change or a conversion: whether the lead is still open. */
  async leadStatusChanged(leadId: string, version: number, status: LeadStatus, tx: Writer): Promise<void> {
    await this.store.applyLeads(tx, [{ leadId, open: { value: OPEN_LEAD_STATUSES.includes(status), version } }]);
  }

  /** A batch of new customers: a company's name, tax id and email domain; a person's name is not a company's. */
  async customersCreated(events: readonly EventEnvelope<CustomerCreatedV1>[], tx: Writer): Promise<void> {
    const newest = new Map<string, CustomerFacts>();
    for (const { payload: customer, aggregateVersion: version } of events) {
      const id = customer.customerId.toLowerCase();
      if ((newest.get(id)?.version ?? 0) >= version) continue;
      const name = customer.kind === 'company' ? customer.name : null;
      newest.set(id, { customerId: customer.customerId, version, keys: channelKeys({ name, taxId: customer.taxId, email: customer.email }) });
    }
    await this.store.applyCustomers(tx, [...newest.values()]);
  }

  /** A batch of events of one deal subject: each deal's facts at its version; `closed` for won and lost. */
  async deals(events: readonly EventEnvelope<DealFactsV1 | DealCreatedV1>[], closed: boolean, tx: Writer): Promise<void> {
    const facts = events.map(({ payload: deal, aggregateVersion: version }) => ({
      dealId: deal.dealId,
      version,
      customerId: deal.customerId,
      partnerId: deal.partnerId ?? null,
      channel: deal.channel,
      closed,
      registrationId: 'registrationId' in deal ? (deal.registrationId ?? null) : null,
    }));
    await this.store.applyDeals(tx, mergeDealFacts(facts));
  }
}
