import { Module } from '@nestjs/common';
import { MarketingEventRpcController } from './marketing-event.rpc.controller';
import { MarketingEventService } from './marketing-event.service';

@Module({
  controllers: [MarketingEventRpcController],
  providers: [MarketingEventService],
})
export class MarketingEventModule {}
