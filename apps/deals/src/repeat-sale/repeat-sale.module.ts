import { Module } from '@nestjs/common';
import { DealRecordsModule } from '../deal/deal-records.module';
import { PURCHASE_LISTENER } from '../deal/deal.ports';
import { RepeatSaleRpcController } from './repeat-sale.rpc.controller';
import { RepeatSaleService } from './repeat-sale.service';

@Module({
  imports: [DealRecordsModule],
  controllers: [RepeatSaleRpcController],
  providers: [RepeatSaleService, { provide: PURCHASE_LISTENER, useExisting: RepeatSaleService }],
  exports: [RepeatSaleService, PURCHASE_LISTENER],
})
export class RepeatSaleModule {}
