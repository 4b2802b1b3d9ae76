import { Payload } from '@nestjs/microservices';
import { ContractPipe, RpcController, RpcHandler } from '@saleswire/messaging';
import { RECORD_PAYMENT_V1, type PaymentRecordedViewV1, type RecordPaymentRequestV1 } from '@saleswire/contracts';
import { PaymentService } from './payment.service';

@RpcController()
export class PaymentRpcController {
  constructor(private readonly payments: PaymentService) {}

  @RpcHandler(RECORD_PAYMENT_V1)
  record(@Payload(new ContractPipe(RECORD_PAYMENT_V1)) request: RecordPaymentRequestV1): Promise<PaymentRecordedViewV1> {
    return this.payments.record(request.id, request.input, request.actor);
  }
}
