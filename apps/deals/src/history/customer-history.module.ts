import { Module } from '@nestjs/common';
import { CustomerModule } from '../customer/customer.module';
import { DealModule } from '../deal/deal.module';
import { PaymentModule } from '../payment/payment.module';
import { CustomerHistoryRpcController } from './customer-history.rpc.controller';
import { CustomerHistoryService } from './customer-history.service';

@Module({
  imports: [CustomerModule, DealModule, PaymentModule],
  controllers: [CustomerHistoryRpcController],
  providers: [CustomerHistoryService],
})
export class CustomerHistoryModule {}
