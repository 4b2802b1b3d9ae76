import type { PartnerKind, PartnerStatus, PartnerTier } from './partner.values';

/** A partner, agent, dealer or reseller as the partners service answers it. */
export interface PartnerViewV1 {
  id: string;
  name: string;
  kind: PartnerKind;
  tier: PartnerTier;
  status: PartnerStatus;
  /** ISO 3166-1 / 3166-2 codes, upper case; `DE` covers every `DE-…`. */
  territories: string[];
  /** A fraction of the deal's paid amount: 0.1 is 10 %. */
  commissionRate: number;
  /** The weight set for this partner, or null when its tier decides. */
  routingWeight: number | null;
  /** The weight lead routing uses: `routingWeight`, else the tier's (gold 3, silver 2, bronze 1); 0 is never offered leads. */
  effectiveRoutingWeight: number;
  /** Web origins whose pages may read the answers of this partner's users and keys (CORS). */
  allowedOrigins: string[];
  /** Why it was last suspended or reactivated. */
  statusReason: string | null;
  statusChangedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** A partner in a few words, where another record names it (a customer's history). */
export interface PartnerSummaryV1 {
  id: string;
  name: string;
  kind: PartnerKind;
  tier: PartnerTier;
  status: PartnerStatus;
}
