import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { IsIsoDateTime } from '../common/dates';
import { ActorV1 } from '../common/envelope';
import { defineRpc } from '../common/event-contract';
import { ListQueryV1, type Page } from '../common/list';
import { CHANNELS, DEAL_STATUSES, type Channel, type DealStatus } from './deal.values';
import type { DealViewV1 } from './deal.views';

/** `GET /api/v1/deals?status=&ownerId=&customerId=&pipelineId=&channel=&partnerId=&limit=&cursor=`. */
export class ListDealsQueryV1 extends ListQueryV1 {
  @IsOptional()
  @IsIn(DEAL_STATUSES)
  status?: DealStatus;

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
  @IsUUID()
  partnerId?: string;

  @IsOptional()
  @IsIsoDateTime()
  createdFrom?: string;

  @IsOptional()
  @IsIsoDateTime()
  createdTo?: string;

  /** Text search in the title. */
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
