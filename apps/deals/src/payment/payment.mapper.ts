import type { PaymentViewV1 } from '@saleswire/contracts';
import type { PaymentEntity } from './payment.entity';

export function toPaymentView(payment: PaymentEntity): PaymentViewV1 {
  return {
    id: payment.id,
    dealId: payment.dealId,
    amount: payment.amount,
    currency: payment.currency.trim(),
    paidAt: payment.paidAt.toISOString(),
    reference: payment.reference,
    createdAt: payment.createdAt.toISOString(),
  };
}
