import { Payload } from '@nestjs/microservices';
import {
  APPROVE_DEAL_REGISTRATION_V1,
  type ApproveDealRegistrationRequestV1,
  type DealRegistrationViewV1,
  EXTEND_DEAL_REGISTRATION_V1,
  type ExtendDealRegistrationRequestV1,
  GET_DEAL_REGISTRATION_V1,
  type GetByIdRequestV1,
  LIST_DEAL_REGISTRATIONS_V1,
  type ListDealRegistrationsRequestV1,
  type Page,
  REJECT_DEAL_REGISTRATION_V1,
  type RejectDealRegistrationRequestV1,
  SUBMIT_DEAL_REGISTRATION_V1,
  type SubmitDealRegistrationRequestV1,
  WITHDRAW_DEAL_REGISTRATION_V1,
  type WithdrawDealRegistrationRequestV1,
} from '@saleswire/contracts';
import { ContractPipe, RpcController, RpcHandler } from '@saleswire/messaging';
import { RegistrationApprovalService } from './registration-approval.service';
import { RegistrationExtensionService } from './registration-extension.service';
import { RegistrationQueryService } from './registration-query.service';
import { RegistrationRejectionService } from './registration-rejection.service';
import { RegistrationSubmitService } from './registration-submit.service';
import { RegistrationWithdrawalService } from './registration-withdrawal.service';

@RpcController()
export class RegistrationRpcController {
  constructor(
    private readonly submission: RegistrationSubmitService,
    private readonly approval: RegistrationApprovalService,
    private readonly rejection: RegistrationRejectionService,
    private readonly withdrawal: RegistrationWithdrawalService,
    private readonly extension: RegistrationExtensionService,
    private readonly queries: RegistrationQueryService,
  ) {}

  @RpcHandler(SUBMIT_DEAL_REGISTRATION_V1)
  submit(@Payload(new ContractPipe(SUBMIT_DEAL_REGISTRATION_V1)) request: SubmitDealRegistrationRequestV1): Promise<DealRegistrationViewV1> {
    return this.submission.submit(request.partnerId, request.input, request.actor);
  }

  @RpcHandler(LIST_DEAL_REGISTRATIONS_V1)
  list(@Payload(new ContractPipe(LIST_DEAL_REGISTRATIONS_V1)) request: ListDealRegistrationsRequestV1): Promise<Page<DealRegistrationViewV1>> {
    return this.queries.list(request.query, request.actor);
  }

  @RpcHandler(GET_DEAL_REGISTRATION_V1)
  get(@Payload(new ContractPipe(GET_DEAL_REGISTRATION_V1)) request: GetByIdRequestV1): Promise<DealRegistrationViewV1> {
    return this.queries.get(request.id, request.actor);
  }

  @RpcHandler(APPROVE_DEAL_REGISTRATION_V1)
  approve(@Payload(new ContractPipe(APPROVE_DEAL_REGISTRATION_V1)) request: ApproveDealRegistrationRequestV1): Promise<DealRegistrationViewV1> {
    return this.approval.approve(request.id, request.input, request.actor);
  }

  @RpcHandler(REJECT_DEAL_REGISTRATION_V1)
  reject(@Payload(new ContractPipe(REJECT_DEAL_REGISTRATION_V1)) request: RejectDealRegistrationRequestV1): Promise<DealRegistrationViewV1> {
    return this.rejection.reject(request.id, request.input, request.actor);
  }

  @RpcHandler(WITHDRAW_DEAL_REGISTRATION_V1)
  withdraw(@Payload(new ContractPipe(WITHDRAW_DEAL_REGISTRATION_V1)) request: WithdrawDealRegistrationRequestV1): Promise<DealRegistrationViewV1> {
    return this.withdrawal.withdraw(request.id, request.input, request.actor);
  }

  @RpcHandler(EXTEND_DEAL_REGISTRATION_V1)
  extend(@Payload(new ContractPipe(EXTEND_DEAL_REGISTRATION_V1)) request: ExtendDealRegistrationRequestV1): Promise<DealRegistrationViewV1> {
    return this.extension.extend(request.id, request.input, request.actor);
  }
}
