import { Payload } from '@nestjs/microservices';
import {
  APPROVE_COMMISSION_V1,
  type ApproveCommissionRequestV1,
  type CommissionPageV1,
  type CommissionViewV1,
  LIST_COMMISSIONS_V1,
  type ListCommissionsRequestV1,
  PAY_COMMISSION_V1,
  type PayCommissionRequestV1,
} from '@saleswire/contracts';
import { ContractPipe, RpcController, RpcHandler } from '@saleswire/messaging';
import { CommissionApprovalService } from './commission-approval.service';
import { CommissionPaymentService } from './commission-payment.service';
import { CommissionQueryService } from './commission-query.service';

@RpcController()
export class CommissionRpcController {
  constructor(
    private readonly queries: CommissionQueryService,
    private readonly approval: CommissionApprovalService,
    private readonly payment: CommissionPaymentService,
  ) {}

  @RpcHandler(LIST_COMMISSIONS_V1)
  list(@Payload(new ContractPipe(LIST_COMMISSIONS_V1)) request: ListCommissionsRequestV1): Promise<CommissionPageV1> {
    return this.queries.list(request.query, request.actor, request.ofPartner);
  }

  @RpcHandler(APPROVE_COMMISSION_V1)
  approve(@Payload(new ContractPipe(APPROVE_COMMISSION_V1)) request: ApproveCommissionRequestV1): Promise<CommissionViewV1> {
    return this.approval.approve(request.id, request.input, request.actor);
  }

  @RpcHandler(PAY_COMMISSION_V1)
  pay(@Payload(new ContractPipe(PAY_COMMISSION_V1)) request: PayCommissionRequestV1): Promise<CommissionViewV1> {
    return this.payment.pay(request.id, request.input, request.actor);
  }
}
