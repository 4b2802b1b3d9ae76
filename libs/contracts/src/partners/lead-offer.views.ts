import type { LeadSource } from '../leads/lead.values';
import type { LeadOfferStatus } from './lead-offer.values';

/** An offer of a lead to a partner, as `GET /lead-offers` and the accept and decline answers show it. */
export interface LeadOfferViewV1 {
  id: string;
  leadId: string;
  partnerId: string;
  region: string;
  status: LeadOfferStatus;
  offeredAt: string;
  expiresAt: string;
  decidedAt: string | null;
  /** The decline's reason. */
  reason: string | null;
  version: number;
}

/** `GET /partner-routing`: whether new leads are offered to partners, which sources, and how long an offer waits. */
export interface PartnerRoutingViewV1 {
  enabled: boolean;
  sources: LeadSource[];
  offerHours: number;
  version: number;
  updatedAt: string | null;
  updatedBy: string | null;
}
