import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  LIST_SALES_PLANS_V1,
  PUT_SALES_PLAN_V1,
  SalesPlanInputV1,
  SalesPlansQueryV1,
  type SalesPlansV1,
  type SalesPlanViewV1,
} from '@saleswire/contracts';
import { RpcClient } from '@saleswire/messaging';
import { CurrentUser, Roles, toActor, type Principal } from '../auth/principal';
import { AcceptsIdempotencyKey } from '../http/idempotency.interceptor';
import { IdParam, MonthParam } from '../http/route-conventions';

/** Monthly sales plans, which reporting owns: set by the head of sales, read by managers for themselves. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('sales-plans')
export class SalesPlansController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @Roles('admin', 'head_of_sales', 'manager')
  @ApiOperation({ summary: 'Plans of a month', description: 'A manager sees their own plan and the department\'s. `asOf` shows them as they stood then.' })
  list(@Query() query: SalesPlansQueryV1, @CurrentUser() user: Principal): Promise<SalesPlansV1> {
    return this.rpc.send(LIST_SALES_PLANS_V1, { actor: toActor(user), query });
  }

  // Declared before `:userId`, so that `department` is never read as a user id.
  @Put(':month/department')
  @Roles('admin', 'head_of_sales')
  @AcceptsIdempotencyKey()
  @ApiBody({ type: SalesPlanInputV1 })
  @ApiOperation({ summary: "Sets the department's plan of a month", description: 'Every change is kept: reports `asOf` an earlier date use the plan of then.' })
  putDepartment(@MonthParam() month: string, @Body() body: SalesPlanInputV1, @CurrentUser() user: Principal): Promise<SalesPlanViewV1> {
    return this.rpc.send(PUT_SALES_PLAN_V1, { actor: toActor(user), month, input: body });
  }

  @Put(':month/:userId')
  @Roles('admin', 'head_of_sales')
  @AcceptsIdempotencyKey()
  @ApiBody({ type: SalesPlanInputV1 })
  @ApiOperation({ summary: "Sets a manager's plan of a month", description: 'A manager cannot set a plan (403). Every change is kept for `asOf`.' })
  putManager(
    @MonthParam() month: string,
    @IdParam('userId') userId: string,
    @Body() body: SalesPlanInputV1,
    @CurrentUser() user: Principal,
  ): Promise<SalesPlanViewV1> {
    return this.rpc.send(PUT_SALES_PLAN_V1, { actor: toActor(user), month, userId, input: body });
  }
}
