// The partner records the portal reads (API.md, Partners), as the partners service answers them.
export interface Partner {
  id: string;
  name: string;
  kind: string;
  tier: string;
  status: string;
  territories: string[];
  commissionRate: number;
}

export interface RegistrationConflict {
  kind: 'deal' | 'lead' | 'registration';
  id: string | null;
  matchedOn: 'tax_id' | 'domain' | 'name';
}

export interface DealRegistration {
  id: string;
  partnerId: string;
  customer: { name: string; taxId: string | null; email: string | null; website: string | null };
  title: string;
  expectedAmount: number;
  currency: string;
  expectedCloseDate: string;
  status: 'submitted' | 'approved' | 'rejected' | 'withdrawn' | 'expired' | 'closed';
  conflict: boolean;
  conflicts: RegistrationConflict[];
  protectedUntil: string | null;
  dealId: string | null;
  decisionReason: string | null;
  decidedAt: string | null;
  createdAt: string;
  version: number;
}

export interface LeadOffer {
  id: string;
  leadId: string;
  partnerId: string;
  region: string;
  status: 'offered' | 'accepted' | 'declined' | 'lapsed';
  offeredAt: string;
  expiresAt: string;
  decidedAt: string | null;
  reason: string | null;
  version: number;
}

export type CommissionStatus = 'accrued' | 'approved' | 'paid';

export interface Commission {
  id: string;
  dealId: string;
  baseAmount: number;
  rate: number;
  amount: number;
  currency: string;
  status: CommissionStatus;
  wonAt: string;
  paidAt: string | null;
}

export interface CommissionTotal {
  status: CommissionStatus;
  currency: string;
  amount: number;
  count: number;
}

export interface CommissionPage {
  items: Commission[];
  nextCursor: string | null;
  totals: CommissionTotal[];
}

/** The portal's sections, in the order of its tabs; each is a URL (`/portal/{partnerId}/{section}`). */
export const SECTIONS = [
  { code: 'registrations', name: 'Deal registrations' },
  { code: 'offers', name: 'Lead offers' },
  { code: 'deals', name: 'Deals' },
  { code: 'commissions', name: 'Commissions' },
] as const;
export type Section = (typeof SECTIONS)[number]['code'];

/** Every query of one partner's portal starts with this key, so that a feed event can refresh them. */
export const portalKey = (partnerId: string, ...rest: string[]) => ['portal', partnerId, ...rest];
