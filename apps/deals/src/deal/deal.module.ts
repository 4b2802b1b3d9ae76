import { Module } from '@nestjs/common';
import { CustomerModule } from '../customer/customer.module';
import { PaymentModule } from '../payment/payment.module';
import { PipelineModule } from '../pipeline/pipeline.module';
import { RepeatSaleModule } from '../repeat-sale/repeat-sale.module';
import { DealPaymentService } from './deal-payment.service';
import { DealQueryService } from './deal-query.service';
import { DealRecordsModule } from './deal-records.module';
import { DealRpcController } from './deal.rpc.controller';
import { DealService } from './deal.service';
import { DealSettlementService } from './deal-settlement.service';
import { DealStageRecorder } from './deal-stage.recorder';
import { DealStageService } from './deal-stage.service';
import { DealTransactions } from './deal.transactions';
import { DealUpdateService } from './deal-update.service';

/** The deal use cases: opening by hand, reading, changing, moving through stages and taking payments. */
@Module({
  imports: [DealRecordsModule, CustomerModule, PipelineModule, PaymentModule, RepeatSaleModule],
  controllers: [DealRpcController],
  providers: [
    DealService,
    DealQueryService,
    DealUpdateService,
    DealStageService,
    DealPaymentService,
    DealTransactions,
    DealSettlementService,
    DealStageRecorder,
  ],
  exports: [DealQueryService],
})
export class DealModule {}
