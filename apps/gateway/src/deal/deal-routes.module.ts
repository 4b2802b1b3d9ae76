import { Module } from '@nestjs/common';
import { CustomerHistoryService } from '../customer/customer-history.service';
import { CustomersController } from '../customer/customers.controller';
import { DealsController } from './deals.controller';
import { PipelinesController } from './pipelines.controller';
import { RepeatSalesController } from './repeat-sales.controller';

/**
 * The gateway's routes to the deals service: customers, pipelines, deals with stages and payments, repeat
 * sales. Every route needs a bearer token (the global AuthGuard); `@Roles` narrows writers, and the deals
 * service scopes every record to the caller (out of scope answers 404).
 */
@Module({
  controllers: [CustomersController, PipelinesController, DealsController, RepeatSalesController],
  providers: [CustomerHistoryService],
})
export class DealRoutesModule {}
