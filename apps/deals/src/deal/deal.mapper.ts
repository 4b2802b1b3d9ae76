import type {
  DealFactsV1,
  DealTeamMemberViewV1,
  DealViewV1,
  StageHistoryEntryV1,
  StageSemantics,
} from '@saleswire/contracts';
import type { DealEntity, DealStageHistoryEntity, DealTeamMemberEntity } from './deal.entity';

export function toTeamMemberView(member: DealTeamMemberEntity): DealTeamMemberViewV1 {
  return { userId: member.userId, partnerId: member.partnerId, externalCompany: member.externalCompany, role: member.role };
}

export function toHistoryEntry(entry: DealStageHistoryEntity): StageHistoryEntryV1 {
  return {
    fromStage: entry.fromStage,
    toStage: entry.toStage,
    reason: entry.reason,
    changedBy: entry.changedBy,
    changedAt: entry.changedAt.toISOString(),
  };
}

export function toDealView(deal: DealEntity, team: DealTeamMemberEntity[], history?: DealStageHistoryEntity[]): DealViewV1 {
  return {
    id: deal.id,
    title: deal.title,
    customerId: deal.customerId,
    pipelineId: deal.pipelineId,
    stage: deal.stage,
    stageSemantics: deal.status as StageSemantics,
    status: deal.status,
    probability: deal.probability,
    amount: deal.amount,
    currency: deal.currency?.trim() ?? null,
    paidAmount: deal.paidAmount,
    type: deal.type,
    channel: deal.channel,
    partnerId: deal.partnerId,
    ownerId: deal.ownerId,
    expectedCloseDate: deal.expectedCloseDate,
    direction: deal.direction,
    source: deal.source,
    leadId: deal.leadId,
    registrationId: deal.registrationId,
    isRepeat: deal.isRepeat,
    lostReason: deal.lostReason,
    wonAt: deal.wonAt?.toISOString() ?? null,
    closedAt: deal.closedAt?.toISOString() ?? null,
    team: team.map(toTeamMemberView),
    version: deal.version,
    createdAt: deal.createdAt.toISOString(),
    updatedAt: deal.updatedAt.toISOString(),
    ...(history ? { stageHistory: history.map(toHistoryEntry) } : {}),
  };
}

/** The facts every deal event carries. */
export function toDealFacts(deal: DealEntity): DealFactsV1 {
  return {
    dealId: deal.id,
    customerId: deal.customerId,
    pipelineId: deal.pipelineId,
    stage: deal.stage,
    amount: deal.amount,
    currency: deal.currency?.trim() ?? null,
    ownerId: deal.ownerId,
    channel: deal.channel,
    partnerId: deal.partnerId,
    type: deal.type,
    direction: deal.direction,
    source: deal.source,
    isRepeat: deal.isRepeat,
  };
}
