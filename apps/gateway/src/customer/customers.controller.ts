import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import {
  CREATE_CUSTOMER_V1,
  CreateCustomerInputV1,
  type CustomerViewV1,
  type DealViewV1,
  GET_CUSTOMER_HISTORY_V1,
  GET_CUSTOMER_V1,
  type CustomerPartnerV1,
  GET_CUSTOMER_PARTNER_V1,
  LIST_CUSTOMERS_V1,
  LIST_LEADS_V1,
  type LeadViewV1,
  ListCustomersQueryV1,
  type Page,
  type PaymentViewV1,
} from '@saleswire/contracts';
import { RpcClient } from '@saleswire/messaging';
import { CurrentUser, Roles, toActor, type Principal } from '../auth/principal';
import { IdParam } from '../http/route-conventions';
import { AcceptsIdempotencyKey } from '../http/idempotency.interceptor';

/** `GET /customers/{id}/history` as API.md shapes it. */
export interface CustomerHistoryView {
  customer: CustomerViewV1;
  /** The customer's leads the caller may see (matched to it as a returning client, or converted into it). */
  leads: LeadViewV1[];
  deals: DealViewV1[];
  payments: PaymentViewV1[];
  /** The partner protecting the customer (an approved registration), else the partner of its newest indirect deal; null for none. */
  partner: CustomerPartnerV1 | null;
}

@ApiTags('customers')
@ApiBearerAuth()
@Controller('customers')
export class CustomersController {
  constructor(private readonly rpc: RpcClient) {}

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
   * Everything the customer did, newest first, gathered at once: deals and payments from the deals service
   * (which also answers 404 for a customer outside the caller's scope), leads from the leads service, the
   * partner from the partners service, each within what the caller may see. The newest 500 leads are listed.
   */
  @Get(':id/history')
  async history(@IdParam() id: string, @CurrentUser() user: Principal): Promise<CustomerHistoryView> {
    const actor = toActor(user);
    const [fromDeals, leads, fromPartners] = await Promise.all([
      this.rpc.send(GET_CUSTOMER_HISTORY_V1, { actor, id }),
      this.rpc.send(LIST_LEADS_V1, { actor, query: { customerId: id, limit: 500 } }),
      this.rpc.send(GET_CUSTOMER_PARTNER_V1, { actor, customerId: id }),
    ]);
    return { customer: fromDeals.customer, leads: leads.items, deals: fromDeals.deals, payments: fromDeals.payments, partner: fromPartners.partner };
  }
}
