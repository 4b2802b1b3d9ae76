import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RpcClient } from '@saleswire/messaging';
import { CurrentUser, Roles, toActor, type Principal } from '../auth/principal';
import { LIST_REPEAT_SALES_DUE_V1, RepeatSalesDueQueryV1, type RepeatSaleDueRowV1 } from '@saleswire/contracts';

@ApiTags('repeat-sales')
@ApiBearerAuth()
@Controller('repeat-sales')
export class RepeatSalesController {
  constructor(private readonly rpc: RpcClient) {}

  /** Customers whose next purchase is expected within `withinDays` (default 30), with the repeat deal opened for it. */
  @Get('due')
  @Roles('admin', 'head_of_sales', 'manager')
  due(@Query() query: RepeatSalesDueQueryV1, @CurrentUser() user: Principal): Promise<RepeatSaleDueRowV1[]> {
    return this.rpc.send(LIST_REPEAT_SALES_DUE_V1, { actor: toActor(user), query });
  }
}
