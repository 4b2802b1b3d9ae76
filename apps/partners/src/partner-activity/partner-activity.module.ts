import { Module } from '@nestjs/common';
import { ChannelIndexModule } from '../channel-index/channel-index.module';
import { PartnerActivityEventsController } from './partner-activity.events.controller';
import { PartnerActivityService } from './partner-activity.service';
import { PartnerNoticeStore } from './partner-notice.store';

/** A partner's leads' and deals' changes, told in the partners stream for its feed (ADR 0023). */
@Module({
  imports: [ChannelIndexModule],
  controllers: [PartnerActivityEventsController],
  providers: [PartnerActivityService, PartnerNoticeStore],
})
export class PartnerActivityModule {}
