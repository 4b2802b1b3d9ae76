import { Module } from '@nestjs/common';
import { PaymentLedger } from './payment.ledger';

/** The payments of deals: recorded through the deal they pay (`record-payment`), kept and read here. */
@Module({
  providers: [PaymentLedger],
  exports: [PaymentLedger],
})
export class PaymentModule {}
