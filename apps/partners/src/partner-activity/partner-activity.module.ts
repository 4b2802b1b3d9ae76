import { Module } from '@nestjs/common';
import { ChannelIndexModule } from '../channel-index/channel-index.module';
import { PartnerActivityEventsController } from './partner-activity.events.controller';
import { PartnerActivityService } from './partner-activity.service';

/** A partner's leads' and deals' changes, told in the partners stream for its feed (ADR 0023). */
@Module({
  imports: [ChannelIndexModule],
  controllers: [PartnerActivityEventsController],
  providers: [PartnerActivityService],
})
export class PartnerActivityModule {}
