import type { PartnerCreatedV1, PartnerFactsV1, PartnerField, PartnerSummaryV1, PartnerUpdatedV1, PartnerViewV1 } from '@saleswire/contracts';
import type { PartnerEntity } from './partner.entity';
import { effectiveRoutingWeight } from './partner.policy';

export function toPartnerView(partner: PartnerEntity): PartnerViewV1 {
  const { partnerId, ...facts } = toPartnerFacts(partner);
  return {
    id: partnerId,
    ...facts,
    allowedOrigins: partner.allowedOrigins,
    statusReason: partner.statusReason,
    statusChangedAt: partner.statusChangedAt?.toISOString() ?? null,
    version: partner.version,
    createdAt: partner.createdAt.toISOString(),
    updatedAt: partner.updatedAt.toISOString(),
  };
}

export function toPartnerSummary(partner: PartnerEntity): PartnerSummaryV1 {
  return { id: partner.id, name: partner.name, kind: partner.kind, tier: partner.tier, status: partner.status };
}

/** The facts every partner event carries. */
export function toPartnerFacts(partner: PartnerEntity): PartnerFactsV1 {
  return {
    partnerId: partner.id,
    name: partner.name,
    kind: partner.kind,
    tier: partner.tier,
    status: partner.status,
    territories: partner.territories,
    commissionRate: partner.commissionRate,
    routingWeight: partner.routingWeight,
    effectiveRoutingWeight: effectiveRoutingWeight(partner.tier, partner.routingWeight),
    allowedOrigins: partner.allowedOrigins,
  };
}

export function toPartnerCreated(partner: PartnerEntity): PartnerCreatedV1 {
  return { ...toPartnerFacts(partner), createdAt: partner.createdAt.toISOString() };
}

export function toPartnerUpdated(partner: PartnerEntity, changed: PartnerField[], reason: string | null = null): PartnerUpdatedV1 {
  return { ...toPartnerFacts(partner), changed, reason, updatedAt: partner.updatedAt.toISOString() };
}
