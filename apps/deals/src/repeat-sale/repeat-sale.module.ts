import { Module } from '@nestjs/common';
import { DealModule } from '../deal/deal.module';
import { RepeatSaleRpcController } from './repeat-sale.rpc.controller';
import { RepeatSaleService } from './repeat-sale.service';

@Module({
  imports: [DealModule],
  controllers: [RepeatSaleRpcController],
  providers: [RepeatSaleService],
  exports: [RepeatSaleService],
})
export class RepeatSaleModule {}
