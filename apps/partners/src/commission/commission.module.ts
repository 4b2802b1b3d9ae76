import { Module } from '@nestjs/common';
import { PartnerModule } from '../partner/partner.module';
import { RegistrationModule } from '../registration/registration.module';
import { CommissionAccrualService } from './commission-accrual.service';
import { CommissionApprovalService } from './commission-approval.service';
import { CommissionPaymentService } from './commission-payment.service';
import { CommissionQueryService } from './commission-query.service';
import { CommissionEventsController } from './commission.events.controller';
import { CommissionRpcController } from './commission.rpc.controller';
import { CommissionStore } from './commission.store';

/** Commissions: accrued when a partner's indirect deal is won, approved and paid by the channel side. */
@Module({
  imports: [PartnerModule, RegistrationModule],
  controllers: [CommissionRpcController, CommissionEventsController],
  providers: [CommissionStore, CommissionAccrualService, CommissionApprovalService, CommissionPaymentService, CommissionQueryService],
})
export class CommissionModule {}
