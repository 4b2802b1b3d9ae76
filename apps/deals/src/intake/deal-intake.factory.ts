import type { DealRegistrationApprovedV1, LeadConvertedV1 } from '@saleswire/contracts';
import type { OpenDealSpec } from '../deal/deal.factory';

/** The customer a deal from another service is opened for. */
export interface IntakeCustomer {
  id: string;
  ownerId: string | null;
}

/**
 * The deal a lead conversion names, for the customer it resolved: the lead's direction, source and event carried
 * over, indirect when a partner brought the lead, owned by the lead's owner or else the customer's.
 */
export function dealFromLead(lead: LeadConvertedV1, customer: IntakeCustomer, pipelineKnown: boolean): OpenDealSpec {
  return {
    id: lead.dealId,
    title: lead.title,
    customerId: customer.id,
    amount: lead.amount ?? null,
    currency: lead.currency ?? null,
    pipelineId: pipelineKnown ? lead.pipelineId : null,
    type: lead.type,
    channel: lead.partnerId ? 'indirect' : 'direct',
    partnerId: lead.partnerId ?? null,
    ownerId: lead.ownerId ?? customer.ownerId,
    direction: lead.direction,
    source: lead.source,
    marketingEventId: lead.marketingEventId ?? null,
    leadId: lead.leadId,
  };
}

/** The indirect deal of an approved registration: the partner's, consultative, at the expected amount. */
export function dealFromRegistration(registration: DealRegistrationApprovedV1, customer: IntakeCustomer): OpenDealSpec {
  return {
    id: registration.dealId,
    title: registration.title,
    customerId: customer.id,
    amount: registration.expectedAmount,
    currency: registration.currency,
    type: 'consultative',
    channel: 'indirect',
    partnerId: registration.partnerId,
    ownerId: registration.ownerId ?? customer.ownerId,
    expectedCloseDate: registration.expectedCloseDate,
    source: 'partner',
    registrationId: registration.registrationId,
  };
}
