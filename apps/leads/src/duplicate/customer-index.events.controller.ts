import { Controller } from '@nestjs/common';
import { CUSTOMER_CREATED_V1, type CustomerCreatedV1, type EventEnvelope } from '@saleswire/contracts';
import { OnEvent, type OutboxTransaction } from '@saleswire/messaging';
import { CustomerIndexService } from './customer-index.service';

@Controller()
export class CustomerIndexEventsController {
  constructor(private readonly customers: CustomerIndexService) {}

  @OnEvent(CUSTOMER_CREATED_V1)
  async onCustomerCreated(event: EventEnvelope<CustomerCreatedV1>, tx: OutboxTransaction): Promise<void> {
    await this.customers.record(event, tx.manager);
  }
}
