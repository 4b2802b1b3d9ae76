import { type ActorV1, type CreateLeadInputV1, normaliseRegion } from '@saleswire/contracts';
import type { ContactKeys, CustomerMatch } from '../duplicate/contact-identity';
import type { LeadEntity } from './lead.entity';

/** What a lead's place in the department was decided to be: its assignee, and whether it is a repeat or twin. */
export interface LeadPlacement {
  assigneeId: string | null;
  customer: { customerId: string } | null;
  duplicateOfId: string | null;
}

/** An assignment decided before the rule is asked. */
export interface FixedAssignment {
  assigneeId: string;
  reason: 'manual' | 'repeat_customer';
  detail: Record<string, unknown>;
}

/**
 * Who a new lead goes to without asking the assignment rule: the assignee given, else the owner of the known
 * customer it came from; null when the rule decides.
 */
export function fixedAssignment(assigneeId: string | null | undefined, customer: CustomerMatch | null): FixedAssignment | null {
  if (assigneeId) return { assigneeId, reason: 'manual', detail: {} };
  if (customer?.ownerId) return { assigneeId: customer.ownerId, reason: 'repeat_customer', detail: { customerId: customer.customerId } };
  return null;
}

/**
 * The columns of a new lead from its input, the same for one lead and for an imported row: trimmed contact,
 * normalised keys, defaults, and a partner user's leads always belonging to its own partner.
 */
export function newLeadFields(
  input: CreateLeadInputV1,
  keys: ContactKeys,
  actor: ActorV1,
  placement: LeadPlacement,
): Omit<LeadEntity, 'id' | 'version' | 'createdAt' | 'updatedAt'> {
  return {
    status: 'new',
    contactName: input.contact.name.trim(),
    contactEmail: input.contact.email?.trim().toLowerCase() ?? null,
    contactPhone: input.contact.phone?.trim() ?? null,
    companyName: input.company?.name.trim() ?? null,
    companyTaxId: input.company?.taxId?.trim() ?? null,
    emailNorm: keys.email,
    phoneNorm: keys.phone,
    taxIdNorm: keys.taxId,
    source: input.source,
    direction: input.direction,
    segment: input.segment ?? 'b2b',
    marketingEventId: input.marketingEventId ?? null,
    title: input.title ?? null,
    expectedAmount: input.expectedAmount ?? null,
    currency: input.currency ?? null,
    assigneeId: placement.assigneeId,
    partnerId: actor.role === 'partner_user' ? (actor.partnerId ?? null) : (input.partnerId ?? null),
    region: input.region ? normaliseRegion(input.region) : null,
    comment: input.comment ?? null,
    isRepeat: placement.customer !== null,
    customerId: placement.customer?.customerId ?? null,
    duplicateOfId: placement.duplicateOfId,
    createdBy: actor.id,
    statusReason: null,
    dealId: null,
    convertedAt: null,
  };
}
