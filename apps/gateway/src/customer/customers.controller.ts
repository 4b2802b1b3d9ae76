import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import {
  CREATE_CUSTOMER_V1,
  CreateCustomerInputV1,
  type CustomerViewV1,
  GET_CUSTOMER_V1,
  LIST_CUSTOMERS_V1,
  ListCustomersQueryV1,
  type Page,
} from '@saleswire/contracts';
import { RpcClient } from '@saleswire/messaging';
import { CurrentUser, Roles, toActor, type Principal } from '../auth/principal';
import { IdParam } from '../http/route-conventions';
import { AcceptsIdempotencyKey } from '../http/idempotency.interceptor';
import { CustomerHistoryService, type CustomerHistoryView } from './customer-history.service';

@ApiTags('customers')
@ApiBearerAuth()
@Controller('customers')
export class CustomersController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly histories: CustomerHistoryService,
  ) {}

  /** A customer with the same tax id, email or phone as an existing one is a 409 naming it. */
  @Post()
  @AcceptsIdempotencyKey()
  @Roles('admin', 'head_of_sales', 'manager', 'channel_manager')
  @ApiBody({ type: CreateCustomerInputV1 })
  create(@Body() body: CreateCustomerInputV1, @CurrentUser() user: Principal): Promise<CustomerViewV1> {
    return this.rpc.send(CREATE_CUSTOMER_V1, { actor: toActor(user), input: body });
  }

  @Get()
  list(@Query() query: ListCustomersQueryV1, @CurrentUser() user: Principal): Promise<Page<CustomerViewV1>> {
    return this.rpc.send(LIST_CUSTOMERS_V1, { actor: toActor(user), query });
  }

  @Get(':id')
  get(@IdParam() id: string, @CurrentUser() user: Principal): Promise<CustomerViewV1> {
    return this.rpc.send(GET_CUSTOMER_V1, { actor: toActor(user), id });
  }

  /**
   * Everything the customer did, newest first, gathered at once from deals (the customer, its deals and payments;
   * 404 outside the caller's scope), leads and partners. A service that does not answer within
   * AGGREGATION_DEADLINE_MS leaves its part null and is named in `warnings`: the answer is still 200.
   */
  @Get(':id/history')
  history(@IdParam() id: string, @CurrentUser() user: Principal): Promise<CustomerHistoryView> {
    return this.histories.history(id, toActor(user));
  }
}
