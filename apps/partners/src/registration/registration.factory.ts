import type { ActorV1, ChannelConflictV1, SubmitDealRegistrationInputV1 } from '@saleswire/contracts';
import { uuidv7 } from '@saleswire/database';
import type { DealRegistrationEntity } from './deal-registration.entity';

export type NewRegistrationFields = Omit<DealRegistrationEntity, 'version' | 'createdAt' | 'updatedAt' | 'assignId'>;

const blank = (value: string | null | undefined): string | null => value?.trim() || null;

/** A submitted registration: the customer as given (trimmed), its keys, what the conflict check found. */
export function newRegistrationFields(
  partnerId: string,
  input: SubmitDealRegistrationInputV1,
  keys: string[],
  conflicts: ChannelConflictV1[],
  actor: ActorV1,
): NewRegistrationFields {
  return {
    id: uuidv7(),
    partnerId,
    status: 'submitted',
    customerName: input.customer.name.trim(),
    customerTaxId: blank(input.customer.taxId),
    customerEmail: blank(input.customer.email)?.toLowerCase() ?? null,
    customerWebsite: blank(input.customer.website),
    title: input.title.trim(),
    expectedAmount: input.expectedAmount,
    currency: input.currency.toUpperCase(),
    expectedCloseDate: input.expectedCloseDate.slice(0, 10),
    keys,
    conflict: conflicts.length > 0,
    conflicts,
    protectionDays: null,
    protectedUntil: null,
    extendedDays: null,
    dealId: null,
    decidedBy: null,
    decidedAt: null,
    decisionReason: null,
    overrideBy: null,
    overrideReason: null,
    overrideAt: null,
    outcome: null,
    closedAt: null,
    submittedBy: actor.id,
    expiringNoticedFor: null,
  };
}
