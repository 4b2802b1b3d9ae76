import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsString,
  IsUUID,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { SYSTEM_ACTOR, type EventEnvelope } from '../common/envelope';
import { defineEvent } from '../common/event-contract';
import { PIPELINE_KINDS, STAGE_SEMANTICS, type PipelineKind, type StageSemantics } from './deal.values';

/** One stage of a pipeline as the event carries it; the array's order is the stages' order. */
export class PipelineStageFactsV1 {
  @IsString()
  @IsNotEmpty()
  code!: string;

  @IsString()
  @IsNotEmpty()
  name!: string;

  @IsIn(STAGE_SEMANTICS)
  semantics!: StageSemantics;

  @IsInt()
  @Min(0)
  @Max(100)
  probability!: number;
}

/**
 * `evt.deals.pipeline.created.v1`: a pipeline and its stages in order, so that reporting can lay out a funnel
 * and weigh a stage without asking deals. The default pipelines are announced once by a migration.
 */
export class PipelineCreatedV1 {
  @IsUUID()
  pipelineId!: string;

  @IsString()
  @IsNotEmpty()
  name!: string;

  @IsIn(PIPELINE_KINDS)
  kind!: PipelineKind;

  @IsBoolean()
  isDefault!: boolean;

  @IsBoolean()
  requiresPayment!: boolean;

  @IsArray()
  @ArrayMinSize(1)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => PipelineStageFactsV1)
  stages!: PipelineStageFactsV1[];

  @IsISO8601({ strict: true })
  createdAt!: string;
}

export const PIPELINE_CREATED_V1 = defineEvent('deals.pipeline.created', 1, PipelineCreatedV1);

/** The stages of the default pipelines (API.md), in order. */
export const DEFAULT_PIPELINE_STAGES_V1: PipelineStageFactsV1[] = [
  { code: 'new', name: 'New', semantics: 'open', probability: 10 },
  { code: 'qualification', name: 'Qualification', semantics: 'open', probability: 20 },
  { code: 'proposal', name: 'Proposal', semantics: 'open', probability: 40 },
  { code: 'approval', name: 'Approval', semantics: 'open', probability: 60 },
  { code: 'contract', name: 'Contract', semantics: 'open', probability: 80 },
  { code: 'payment', name: 'Payment', semantics: 'open', probability: 90 },
  { code: 'won', name: 'Won', semantics: 'won', probability: 100 },
  { code: 'lost', name: 'Lost', semantics: 'lost', probability: 0 },
];

export const pipelineCreatedV1Fixture: EventEnvelope<PipelineCreatedV1> = {
  eventId: '01936f13-0000-7000-8000-0000000e0f01',
  type: PIPELINE_CREATED_V1.type,
  version: PIPELINE_CREATED_V1.version,
  occurredAt: '2026-03-01T00:00:00.000Z',
  producer: 'deals',
  aggregateId: '01936f13-0000-7000-8000-0000000f0001',
  aggregateVersion: 1,
  correlationId: 'c0ffee00-0000-4000-8000-000000000f01',
  causationId: null,
  actor: SYSTEM_ACTOR,
  payload: {
    pipelineId: '01936f13-0000-7000-8000-0000000f0001',
    name: 'Default',
    kind: 'new_business',
    isDefault: true,
    requiresPayment: true,
    stages: DEFAULT_PIPELINE_STAGES_V1,
    createdAt: '2026-03-01T00:00:00.000Z',
  },
};
