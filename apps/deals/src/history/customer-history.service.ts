import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ActorV1, CustomerHistoryV1 } from '@saleswire/contracts';
import type { DataSource } from 'typeorm';
import { toCustomerView } from '../customer/customer.mapper';
import { CustomerService } from '../customer/customer.service';
import { DealQueryService } from '../deal/deal-query.service';
import { PaymentLedger } from '../payment/payment.ledger';

/** Everything a customer did here — its deals and their payments — answerable in one request. */
@Injectable()
export class CustomerHistoryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly customers: CustomerService,
    private readonly deals: DealQueryService,
    private readonly payments: PaymentLedger,
  ) {}

  async history(customerId: string, actor: ActorV1): Promise<CustomerHistoryV1> {
    const customer = await this.customers.findVisible(customerId, actor);
    // A manager who sees the customer sees the deals of it they may see, not every deal of it.
    const deals = await this.deals.ofCustomer(customerId, actor);
    const payments = await this.payments.ofDeals(deals.map((deal) => deal.id));
    const contacts = await this.customers.contactsOf(this.dataSource.manager, [customer.id]);
    return { customer: toCustomerView(customer, contacts), deals, payments };
  }
}
