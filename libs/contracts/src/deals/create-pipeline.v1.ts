import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ActorV1 } from '../common/envelope';
import { defineCommand } from '../common/event-contract';
import { PIPELINE_KINDS, STAGE_SEMANTICS, type PipelineKind, type StageSemantics } from './deal.values';
import type { PipelineViewV1 } from './pipeline.views';

export class PipelineStageInputV1 {
  @IsString()
  @Matches(/^[a-z][a-z0-9_]{0,39}$/, { message: 'code must be 1 to 40 lower-case letters, digits or "_"' })
  code!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @IsIn(STAGE_SEMANTICS)
  semantics!: StageSemantics;

  @IsInt()
  @Min(0)
  @Max(100)
  probability!: number;
}

/** The body of `POST /api/v1/pipelines`. */
export class CreatePipelineInputV1 {
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @IsIn(PIPELINE_KINDS)
  kind!: PipelineKind;

  /** False for selling where a deal may be won by hand before its money is in (transactional retail). */
  @IsOptional()
  @IsBoolean()
  requiresPayment?: boolean;

  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => PipelineStageInputV1)
  @ArrayMinSize(3)
  @ArrayMaxSize(30)
  stages!: PipelineStageInputV1[];
}

export class CreatePipelineRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsObject()
  @ValidateNested()
  @Type(() => CreatePipelineInputV1)
  input!: CreatePipelineInputV1;
}

export const CREATE_PIPELINE_V1 = defineCommand('deals', 'create-pipeline', 1, CreatePipelineRequestV1).replies<PipelineViewV1>();
