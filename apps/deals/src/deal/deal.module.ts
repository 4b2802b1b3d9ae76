import { Module } from '@nestjs/common';
import { CustomerModule } from '../customer/customer.module';
import { PipelineModule } from '../pipeline/pipeline.module';
import { DealRpcController } from './deal.rpc.controller';
import { DealService } from './deal.service';

@Module({
  imports: [CustomerModule, PipelineModule],
  controllers: [DealRpcController],
  providers: [DealService],
  exports: [DealService],
})
export class DealModule {}
