import {
  type ActorV1,
  type ChannelConflictDetectedV1,
  type ChannelConflictV1,
  type ConflictCheck,
  type DealRegistrationApprovedV1,
  type DealRegistrationClosedV1,
  type DealRegistrationExpiredV1,
  type DealRegistrationExpiringV1,
  type DealRegistrationExtendedV1,
  type DealRegistrationFactsV1,
  type DealRegistrationRejectedV1,
  type DealRegistrationSubmittedV1,
  type DealRegistrationViewV1,
  type DealRegistrationWithdrawnV1,
  isUuid,
  type RegisteredCustomerViewV1,
} from '@saleswire/contracts';
import type { DealRegistrationEntity } from './deal-registration.entity';

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

function customerOf(registration: DealRegistrationEntity): RegisteredCustomerViewV1 {
  return {
    name: registration.customerName,
    taxId: registration.customerTaxId,
    email: registration.customerEmail,
    website: registration.customerWebsite,
  };
}

/**
 * The registration as answered to `actor`. A partner user sees that its registration collided and on what key,
 * never the other record's id: it belongs to the company or to another partner.
 */
export function toRegistrationView(registration: DealRegistrationEntity, actor: ActorV1): DealRegistrationViewV1 {
  const hideIds = actor.role === 'partner_user';
  return {
    id: registration.id,
    partnerId: registration.partnerId,
    customer: customerOf(registration),
    title: registration.title,
    expectedAmount: registration.expectedAmount,
    currency: registration.currency.trim(),
    expectedCloseDate: registration.expectedCloseDate,
    status: registration.status,
    conflict: registration.conflict,
    conflicts: registration.conflicts.map((conflict) => ({ ...conflict, id: hideIds ? null : conflict.id })),
    protectionDays: registration.protectionDays,
    protectedUntil: iso(registration.protectedUntil),
    extended: registration.extendedDays !== null,
    dealId: registration.dealId,
    override:
      registration.overrideBy && registration.overrideReason && registration.overrideAt
        ? { by: registration.overrideBy, reason: registration.overrideReason, at: registration.overrideAt.toISOString() }
        : null,
    decisionReason: registration.decisionReason,
    decidedBy: registration.decidedBy,
    decidedAt: iso(registration.decidedAt),
    outcome: registration.outcome,
    submittedBy: registration.submittedBy,
    version: registration.version,
    createdAt: registration.createdAt.toISOString(),
    updatedAt: registration.updatedAt.toISOString(),
  };
}

/** The facts every registration event (but the approved one) carries. */
export function toRegistrationFacts(registration: DealRegistrationEntity): DealRegistrationFactsV1 {
  return {
    registrationId: registration.id,
    partnerId: registration.partnerId,
    status: registration.status,
    customer: customerOf(registration),
    title: registration.title,
    expectedAmount: registration.expectedAmount,
    currency: registration.currency.trim(),
    expectedCloseDate: registration.expectedCloseDate,
    conflict: registration.conflict,
    protectedUntil: iso(registration.protectedUntil),
    dealId: registration.dealId,
  };
}

export function toSubmitted(registration: DealRegistrationEntity): DealRegistrationSubmittedV1 {
  return { ...toRegistrationFacts(registration), conflicts: registration.conflicts, submittedAt: registration.createdAt.toISOString() };
}

/** The agreed approval event: what the deals service opens the indirect deal from, owned by the approver. */
export function toApproved(registration: DealRegistrationEntity, approver: ActorV1): DealRegistrationApprovedV1 {
  return {
    registrationId: registration.id,
    partnerId: registration.partnerId,
    customer: customerOf(registration),
    title: registration.title,
    expectedAmount: registration.expectedAmount,
    currency: registration.currency.trim(),
    expectedCloseDate: registration.expectedCloseDate,
    protectionDays: registration.protectionDays!,
    protectedUntil: registration.protectedUntil!.toISOString(),
    dealId: registration.dealId!,
    ownerId: isUuid(approver.id) ? approver.id : null,
    approvedAt: registration.decidedAt!.toISOString(),
  };
}

export function toRejected(registration: DealRegistrationEntity): DealRegistrationRejectedV1 {
  return { ...toRegistrationFacts(registration), reason: registration.decisionReason ?? '', rejectedAt: registration.decidedAt!.toISOString() };
}

export function toWithdrawn(registration: DealRegistrationEntity): DealRegistrationWithdrawnV1 {
  return { ...toRegistrationFacts(registration), reason: registration.decisionReason, withdrawnAt: registration.decidedAt!.toISOString() };
}

export function toExtended(registration: DealRegistrationEntity, at: Date): DealRegistrationExtendedV1 {
  return { ...toRegistrationFacts(registration), days: registration.extendedDays!, extendedAt: at.toISOString() };
}

export function toExpired(registration: DealRegistrationEntity, at: Date): DealRegistrationExpiredV1 {
  return { ...toRegistrationFacts(registration), expiredAt: at.toISOString() };
}

export function toExpiring(registration: DealRegistrationEntity, daysLeft: number, at: Date): DealRegistrationExpiringV1 {
  return { ...toRegistrationFacts(registration), daysLeft, noticedAt: at.toISOString() };
}

export function toClosed(registration: DealRegistrationEntity): DealRegistrationClosedV1 {
  return { ...toRegistrationFacts(registration), outcome: registration.outcome!, closedAt: registration.closedAt!.toISOString() };
}

export function toConflictDetected(
  registration: DealRegistrationEntity,
  conflicts: ChannelConflictV1[],
  detectedOn: ConflictCheck,
  at: Date,
): ChannelConflictDetectedV1 {
  return {
    registrationId: registration.id,
    partnerId: registration.partnerId,
    customerName: registration.customerName,
    conflicts,
    detectedOn,
    detectedAt: at.toISOString(),
  };
}
