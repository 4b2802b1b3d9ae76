import { Module } from '@nestjs/common';
import { ChannelIndexModule } from '../channel-index/channel-index.module';
import { PartnerModule } from '../partner/partner.module';
import { RegistrationApprovalService } from './registration-approval.service';
import { RegistrationClosureService } from './registration-closure.service';
import { RegistrationExpiringService } from './registration-expiring.service';
import { RegistrationExpiryService } from './registration-expiry.service';
import { RegistrationExtensionService } from './registration-extension.service';
import { RegistrationQueryService } from './registration-query.service';
import { RegistrationRejectionService } from './registration-rejection.service';
import { RegistrationSubmitService } from './registration-submit.service';
import { RegistrationWithdrawalService } from './registration-withdrawal.service';
import { RegistrationEventsController } from './registration.events.controller';
import { RegistrationRpcController } from './registration.rpc.controller';
import { RegistrationStore } from './registration.store';
import { RegistrationTransitions } from './registration.transitions';

/** Deal registrations: submission with its conflict check, the decisions, expiry on schedule, closing with the deal. */
@Module({
  imports: [PartnerModule, ChannelIndexModule],
  controllers: [RegistrationRpcController, RegistrationEventsController],
  providers: [
    RegistrationStore,
    RegistrationTransitions,
    RegistrationSubmitService,
    RegistrationApprovalService,
    RegistrationRejectionService,
    RegistrationWithdrawalService,
    RegistrationExtensionService,
    RegistrationExpiryService,
    RegistrationExpiringService,
    RegistrationClosureService,
    RegistrationQueryService,
  ],
  exports: [RegistrationStore],
})
export class RegistrationModule {}
