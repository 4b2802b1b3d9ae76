import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, MaxLength, Min, ValidateNested } from 'class-validator';
import { ActorV1 } from '../common/envelope';
import { defineCommand } from '../common/event-contract';
import type { DealViewV1 } from './deal.views';

/** The body of `POST /api/v1/deals/{id}/stage`. */
export class MoveDealStageInputV1 {
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  stage!: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason?: string;
}

export class MoveDealStageRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsUUID()
  id!: string;

  /** The version the caller last saw (an optional `If-Match`); a stale one is answered 412, none skips the check. */
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;

  @IsObject()
  @ValidateNested()
  @Type(() => MoveDealStageInputV1)
  input!: MoveDealStageInputV1;
}

export const MOVE_DEAL_STAGE_V1 = defineCommand('deals', 'move-deal-stage', 1, MoveDealStageRequestV1).replies<DealViewV1>();
