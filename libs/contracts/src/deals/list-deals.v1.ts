import { Type } from 'class-transformer';
import { IsIn, IsISO8601, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { IsIsoDateTime } from '../common/dates';
import { ActorV1 } from '../common/envelope';
import { defineRpc } from '../common/event-contract';
import { ListQueryV1, type Page } from '../common/list';
import { DIRECTIONS, type Direction } from '../leads/lead.values';
import { CHANNELS, DEAL_STATUSES, type Channel, type DealStatus } from './deal.values';
import type { DealViewV1 } from './deal.views';

/** A calendar day alone, `YYYY-MM-DD`: what an expected close date is. */
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `GET /api/v1/deals?status=&stage=&ownerId=&customerId=&pipelineId=&channel=&direction=&partnerId=&createdFrom=&createdTo=
 * &expectedCloseFrom=&expectedCloseTo=&q=&limit=&cursor=`.
 */
export class ListDealsQueryV1 extends ListQueryV1 {
  @IsOptional()
  @IsIn(DEAL_STATUSES)
  status?: DealStatus;

  /** A stage's code (`proposal`): stage codes repeat across pipelines, so add `pipelineId` for one pipeline's. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  stage?: string;

  @IsOptional()
  @IsUUID()
  ownerId?: string;

  @IsOptional()
  @IsUUID()
  customerId?: string;

  @IsOptional()
  @IsUUID()
  pipelineId?: string;

  @IsOptional()
  @IsIn(CHANNELS)
  channel?: Channel;

  @IsOptional()
  @IsIn(DIRECTIONS)
  direction?: Direction;

  @IsOptional()
  @IsUUID()
  partnerId?: string;

  @IsOptional()
  @IsIsoDateTime()
  createdFrom?: string;

  @IsOptional()
  @IsIsoDateTime()
  createdTo?: string;

  /** Deals expected to close on this day or later (`YYYY-MM-DD`); deals with no expected close date are left out. */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'expectedCloseFrom must be a real calendar day' })
  @Matches(DAY, { message: 'expectedCloseFrom must be a day, YYYY-MM-DD' })
  expectedCloseFrom?: string;

  /** Deals expected to close before this day (`YYYY-MM-DD`, exclusive, as `createdTo`): a month is `2026-03-01` to `2026-04-01`. */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'expectedCloseTo must be a real calendar day' })
  @Matches(DAY, { message: 'expectedCloseTo must be a day, YYYY-MM-DD' })
  expectedCloseTo?: string;

  /** Text search in the title and the customer's name. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class ListDealsRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsObject()
  @ValidateNested()
  @Type(() => ListDealsQueryV1)
  query!: ListDealsQueryV1;
}

export const LIST_DEALS_V1 = defineRpc('deals', 'list-deals', 1, ListDealsRequestV1).replies<Page<DealViewV1>>();
