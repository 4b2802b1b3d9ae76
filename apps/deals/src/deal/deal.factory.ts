import {
  type ActorV1,
  type Channel,
  type CreateDealInputV1,
  type DealTeamMemberV1,
  type DealType,
  type Direction,
  isUuid,
  type LeadSource,
  type PipelineKind,
} from '@saleswire/contracts';
import { uuidv7 } from '@saleswire/database';
import type { DealEntity, DealTeamMemberEntity } from './deal.entity';
import type { StageRef } from './deal-stage.policy';

/** What opening a deal needs, whichever way it opens: by hand, from a lead, a registration or a repeat sale. */
export interface OpenDealSpec {
  id?: string;
  title: string;
  customerId: string;
  amount: number | null;
  currency: string | null;
  pipelineId?: string | null;
  type: DealType;
  channel: Channel;
  partnerId?: string | null;
  ownerId?: string | null;
  expectedCloseDate?: string | null;
  direction?: Direction | null;
  source?: LeadSource | null;
  marketingEventId?: string | null;
  leadId?: string | null;
  registrationId?: string | null;
  team?: DealTeamMemberV1[];
  /** A repeat deal opened by the rhythm is repeat by definition. */
  isRepeat?: boolean;
}

/** Where a new deal starts: its pipeline and that pipeline's first open stage, and whether it is a repeat purchase. */
export interface DealPlacement {
  pipelineId: string;
  stage: StageRef;
  isRepeat: boolean;
}

export type NewDealFields = Omit<DealEntity, 'version' | 'createdAt' | 'updatedAt'>;

/** The default pipeline of a new deal: a repeat purchase goes to the repeat pipeline, a partner's deal to the partner one. */
export function defaultPipelineKind(isRepeat: boolean, channel: Channel): PipelineKind {
  if (isRepeat) return 'repeat';
  return channel === 'indirect' ? 'partner' : 'new_business';
}

/** A deal opened by hand belongs to whoever opens it unless the input names its owner (a system actor is no user). */
export function handOpenedSpec(input: CreateDealInputV1, actor: ActorV1): OpenDealSpec {
  return { ...input, ownerId: input.ownerId ?? (isUuid(actor.id) ? actor.id : null) };
}

/** The columns of a new deal: open in its first stage, nothing paid, nothing closed yet. */
export function newDealFields(spec: OpenDealSpec, placement: DealPlacement, actor: ActorV1): NewDealFields {
  return {
    id: spec.id ?? uuidv7(),
    title: spec.title.trim(),
    customerId: spec.customerId,
    pipelineId: placement.pipelineId,
    stage: placement.stage.code,
    status: 'open',
    probability: placement.stage.probability,
    amount: spec.amount,
    currency: spec.amount === null && !spec.currency ? null : spec.currency,
    paidAmount: 0,
    type: spec.type,
    channel: spec.channel,
    partnerId: spec.partnerId ?? null,
    ownerId: spec.ownerId ?? null,
    expectedCloseDate: spec.expectedCloseDate?.slice(0, 10) ?? null,
    direction: spec.direction ?? null,
    source: spec.source ?? null,
    marketingEventId: spec.marketingEventId ?? null,
    leadId: spec.leadId ?? null,
    registrationId: spec.registrationId ?? null,
    isRepeat: placement.isRepeat,
    lostReason: null,
    wonAt: null,
    closedAt: null,
    createdBy: actor.id,
  };
}

/** The rows of a deal's team as given: users, partners and outside firms with their roles. */
export function newTeamMembers(dealId: string, team: readonly DealTeamMemberV1[]): DealTeamMemberEntity[] {
  return team.map((member) => ({
    id: uuidv7(),
    dealId,
    userId: member.userId ?? null,
    partnerId: member.partnerId ?? null,
    externalCompany: member.externalCompany?.trim() ?? null,
    role: member.role.trim(),
  }));
}
