import type { Direction, LeadSource } from '../leads/lead.values';
import type { Channel, DealStatus, DealType, StageSemantics } from './deal.values';

export interface DealTeamMemberViewV1 {
  userId: string | null;
  partnerId: string | null;
  externalCompany: string | null;
  role: string;
}

export interface StageHistoryEntryV1 {
  fromStage: string | null;
  toStage: string;
  reason: string | null;
  changedBy: string;
  changedAt: string;
}

/** A deal as the deals service answers it. */
export interface DealViewV1 {
  id: string;
  title: string;
  customerId: string;
  pipelineId: string;
  stage: string;
  stageSemantics: StageSemantics;
  status: DealStatus;
  probability: number;
  amount: number | null;
  currency: string | null;
  paidAmount: number;
  type: DealType;
  channel: Channel;
  partnerId: string | null;
  ownerId: string | null;
  expectedCloseDate: string | null;
  direction: Direction | null;
  source: LeadSource | null;
  leadId: string | null;
  registrationId: string | null;
  isRepeat: boolean;
  lostReason: string | null;
  wonAt: string | null;
  closedAt: string | null;
  team: DealTeamMemberViewV1[];
  version: number;
  createdAt: string;
  updatedAt: string;
  /** Only in the answer of `GET /deals/{id}`: oldest first. */
  stageHistory?: StageHistoryEntryV1[];
}

export interface PaymentViewV1 {
  id: string;
  dealId: string;
  amount: number;
  currency: string;
  paidAt: string;
  reference: string | null;
  createdAt: string;
}
