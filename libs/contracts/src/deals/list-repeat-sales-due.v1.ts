import { Type } from 'class-transformer';
import {
  IsInt,
  IsObject,
  IsOptional,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { ActorV1 } from '../common/envelope';
import { defineRpc } from '../common/event-contract';

/** `GET /api/v1/repeat-sales/due?withinDays=30`. */
export class RepeatSalesDueQueryV1 {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3660)
  withinDays?: number;
}

export class ListRepeatSalesDueRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsObject()
  @ValidateNested()
  @Type(() => RepeatSalesDueQueryV1)
  query!: RepeatSalesDueQueryV1;
}

/** One customer whose next purchase is expected within the window. */
export interface RepeatSaleDueRowV1 {
  customerId: string;
  ownerId: string | null;
  lastPurchaseAt: string;
  purchases: number;
  medianIntervalDays: number;
  nextExpectedAt: string;
  dealId: string | null;
}

export const LIST_REPEAT_SALES_DUE_V1 = defineRpc('deals', 'list-repeat-sales-due', 1, ListRepeatSalesDueRequestV1).replies<RepeatSaleDueRowV1[]>();
