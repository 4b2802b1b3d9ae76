import type { Direction, LeadCompanyV1, LeadContactV1, LeadSource, Segment } from './lead.values';

/** A lead as the leads service answers it. */
export interface LeadViewV1 {
  id: string;
  status: string;
  contact: LeadContactV1;
  company: LeadCompanyV1 | null;
  source: LeadSource;
  direction: Direction;
  segment: Segment;
  marketingEventId: string | null;
  title: string | null;
  expectedAmount: number | null;
  currency: string | null;
  assigneeId: string | null;
  partnerId: string | null;
  /** ISO 3166-1/2 code, upper case; null when unknown. */
  region: string | null;
  comment: string | null;
  isRepeat: boolean;
  customerId: string | null;
  duplicateOfId: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** A lead as the leads service answers it since issue 3: the v1 view plus its closing details. */
export interface LeadDetailsV1 extends LeadViewV1 {
  /** The reason given with the last status change (a junk lead's reason). */
  statusReason: string | null;
  dealId: string | null;
  convertedAt: string | null;
  /** Oldest first; only in the answer of `GET /leads/{id}`. */
  statusHistory?: LeadStatusHistoryEntryV1[];
}

/** One entry of a lead's status history, as `GET /leads/{id}` shows it. */
export interface LeadStatusHistoryEntryV1 {
  from: string | null;
  to: string;
  reason: string | null;
  actorId: string;
  changedAt: string;
}
