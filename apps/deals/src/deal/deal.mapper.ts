import type {
  DealCreatedV1,
  DealFactsV1,
  DealLostV1,
  DealStageChangedV1,
  DealTeamMemberViewV1,
  DealUpdatedV1,
  DealViewV1,
  DealWonV1,
  PaymentRecordedV1,
  PaymentViewV1,
  StageHistoryEntryV1,
  StageSemantics,
  UpdatableDealField,
} from '@saleswire/contracts';
import type { DealEntity, DealStageHistoryEntity, DealTeamMemberEntity } from './deal.entity';
import type { StageTransition } from './deal-stage.policy';

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

/** The payload of `evt.deals.deal.created.v1`. */
export function toDealCreated(deal: DealEntity): DealCreatedV1 {
  return {
    ...toDealFacts(deal),
    title: deal.title,
    probability: deal.probability,
    expectedCloseDate: deal.expectedCloseDate,
    leadId: deal.leadId,
    registrationId: deal.registrationId,
    createdAt: deal.createdAt.toISOString(),
  };
}

/** The payload of `evt.deals.deal.updated.v1`: the facts after the change, and which fields it changed. */
export function toDealUpdated(deal: DealEntity, changed: UpdatableDealField[]): DealUpdatedV1 {
  return {
    ...toDealFacts(deal),
    title: deal.title,
    probability: deal.probability,
    expectedCloseDate: deal.expectedCloseDate,
    changed,
    updatedAt: deal.updatedAt.toISOString(),
  };
}

/** The payload of `evt.deals.deal.stage-changed.v1` for a saved move. */
export function toDealStageChanged(deal: DealEntity, move: StageTransition): DealStageChangedV1 {
  return {
    ...toDealFacts(deal),
    fromStage: move.from,
    fromSemantics: move.fromSemantics,
    semantics: move.target.semantics,
    probability: move.target.probability,
    reason: move.reason,
    changedAt: move.at.toISOString(),
  };
}

/** The payload of `evt.deals.deal.won.v1`: dated by the purchase, which a covering payment dates. */
export function toDealWon(deal: DealEntity, move: StageTransition): DealWonV1 {
  return { ...toDealFacts(deal), paidAmount: deal.paidAmount, wonBy: move.wonBy, wonAt: (deal.wonAt ?? move.at).toISOString() };
}

/** The payload of `evt.deals.deal.lost.v1`. */
export function toDealLost(deal: DealEntity, move: StageTransition): DealLostV1 {
  return { ...toDealFacts(deal), reason: move.reason ?? '', fromStage: move.from, lostAt: move.at.toISOString() };
}

/** The payload of `evt.deals.deal.payment-recorded.v1`: the deal after the payment, and the payment. */
export function toPaymentRecorded(deal: DealEntity, payment: PaymentViewV1, covered: boolean): PaymentRecordedV1 {
  return {
    ...toDealFacts(deal),
    paymentId: payment.id,
    paymentAmount: payment.amount,
    paymentCurrency: payment.currency,
    paidAt: payment.paidAt,
    reference: payment.reference,
    paidAmount: deal.paidAmount,
    covered,
  };
}
