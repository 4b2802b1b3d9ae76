import { Type } from 'class-transformer';
import { IsObject, IsOptional, Matches, ValidateNested } from 'class-validator';
import { IsIsoDateTime } from '../common/dates';
import { ActorV1 } from '../common/envelope';
import { defineRpc } from '../common/event-contract';
import { PLAN_MONTH } from './put-sales-plan.v1';
import type { SalesPlansV1 } from './report.views';

/** Query of `GET /api/v1/sales-plans?month=&asOf=`. */
export class SalesPlansQueryV1 {
  @IsOptional()
  @Matches(PLAN_MONTH, { message: 'month must be yyyy-mm' })
  month?: string;

  @IsOptional()
  @IsIsoDateTime()
  asOf?: string;
}

export class ListSalesPlansRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsObject()
  @ValidateNested()
  @Type(() => SalesPlansQueryV1)
  query!: SalesPlansQueryV1;
}

/** `rpc.reporting.list-sales-plans.v1`: the plans in the caller's scope (a manager: their own and the department's). */
export const LIST_SALES_PLANS_V1 = defineRpc('reporting', 'list-sales-plans', 1, ListSalesPlansRequestV1).replies<SalesPlansV1>();
