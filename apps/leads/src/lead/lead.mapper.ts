import type { LeadCreatedV1, LeadDetailsV1, LeadUpdatedV1 } from '@saleswire/contracts';
import type { LeadEntity } from './lead.entity';

/** The lead as API.md shows it. */
export function toLeadView(lead: LeadEntity): LeadDetailsV1 {
  return {
    id: lead.id,
    status: lead.status,
    contact: {
      name: lead.contactName,
      ...(lead.contactEmail ? { email: lead.contactEmail } : {}),
      ...(lead.contactPhone ? { phone: lead.contactPhone } : {}),
    },
    company: lead.companyName ? { name: lead.companyName, ...(lead.companyTaxId ? { taxId: lead.companyTaxId } : {}) } : null,
    source: lead.source,
    direction: lead.direction,
    segment: lead.segment,
    marketingEventId: lead.marketingEventId,
    title: lead.title,
    expectedAmount: lead.expectedAmount,
    currency: lead.currency,
    assigneeId: lead.assigneeId,
    partnerId: lead.partnerId,
    region: lead.region ?? null,
    comment: lead.comment,
    isRepeat: lead.isRepeat,
    customerId: lead.customerId,
    duplicateOfId: lead.duplicateOfId,
    version: lead.version,
    createdAt: lead.createdAt.toISOString(),
    updatedAt: lead.updatedAt.toISOString(),
    statusReason: lead.statusReason ?? null,
    dealId: lead.dealId ?? null,
    convertedAt: lead.convertedAt ? lead.convertedAt.toISOString() : null,
  };
}

/** The payload of `evt.leads.lead.created.v1`; `assigneeExplicit` when the creator named the assignee. */
export function toLeadCreated(lead: LeadEntity, assigneeExplicit: boolean): LeadCreatedV1 {
  const view = toLeadView(lead);
  return {
    leadId: view.id,
    contact: view.contact,
    company: view.company,
    source: view.source,
    direction: view.direction,
    segment: view.segment,
    marketingEventId: view.marketingEventId,
    title: view.title,
    expectedAmount: view.expectedAmount,
    currency: view.currency,
    assigneeId: view.assigneeId,
    assigneeExplicit,
    partnerId: view.partnerId,
    region: view.region,
    isRepeat: view.isRepeat,
    customerId: view.customerId,
    duplicateOfId: view.duplicateOfId,
    createdAt: view.createdAt,
  };
}

/** The payload of `evt.leads.lead.updated.v1`: the fields a change may touch, and which it did. */
export function toLeadUpdated(lead: LeadEntity, changed: string[]): LeadUpdatedV1 {
  const view = toLeadView(lead);
  return {
    leadId: view.id,
    changed,
    contact: view.contact,
    company: view.company,
    segment: view.segment,
    marketingEventId: view.marketingEventId,
    title: view.title,
    expectedAmount: view.expectedAmount,
    currency: view.currency,
    assigneeId: view.assigneeId,
    partnerId: view.partnerId,
    region: view.region,
    updatedAt: view.updatedAt,
  };
}
