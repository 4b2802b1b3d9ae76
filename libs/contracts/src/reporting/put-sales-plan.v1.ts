import { Type } from 'class-transformer';
import { IsISO4217CurrencyCode, IsNumber, IsObject, IsOptional, IsUUID, Matches, Max, Min, ValidateNested } from 'class-validator';
import { ActorV1 } from '../common/envelope';
import { defineCommand } from '../common/event-contract';
import { MAX_AMOUNT } from '../common/money';
import type { SalesPlanViewV1 } from './report.views';

/** `yyyy-mm`, a calendar month. */
export const PLAN_MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The body of `PUT /api/v1/sales-plans/{yyyy-mm}/{userId}` and `.../department`. */
export class SalesPlanInputV1 {
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(MAX_AMOUNT)
  amount!: number;

  @IsISO4217CurrencyCode()
  currency!: string;
}

export class PutSalesPlanRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @Matches(PLAN_MONTH, { message: 'month must be yyyy-mm' })
  month!: string;

  /** The manager whose plan this is; absent for the department's plan. */
  @IsOptional()
  @IsUUID()
  userId?: string;

  @IsObject()
  @ValidateNested()
  @Type(() => SalesPlanInputV1)
  input!: SalesPlanInputV1;
}

/** `rpc.reporting.put-sales-plan.v1`: sets a month's plan (head of sales, admin); answers the plan. */
export const PUT_SALES_PLAN_V1 = defineCommand('reporting', 'put-sales-plan', 1, PutSalesPlanRequestV1).replies<SalesPlanViewV1>();
