import { Module } from '@nestjs/common';
import { DealModule } from '../deal/deal.module';
import { PipelineModule } from '../pipeline/pipeline.module';
import { PaymentRpcController } from './payment.rpc.controller';
import { PaymentService } from './payment.service';

@Module({
  imports: [DealModule, PipelineModule],
  controllers: [PaymentRpcController],
  providers: [PaymentService],
  exports: [PaymentService],
})
export class PaymentModule {}
