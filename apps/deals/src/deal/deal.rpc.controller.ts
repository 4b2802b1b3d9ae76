import { Payload } from '@nestjs/microservices';
import {
  CREATE_DEAL_V1,
  type CreateDealRequestV1,
  type DealViewV1,
  GET_DEAL_V1,
  type GetByIdRequestV1,
  LIST_DEALS_V1,
  type ListDealsRequestV1,
  MOVE_DEAL_STAGE_V1,
  type MoveDealStageRequestV1,
  type Page,
  type PaymentRecordedViewV1,
  RECORD_PAYMENT_V1,
  type RecordPaymentRequestV1,
  UPDATE_DEAL_V1,
  type UpdateDealRequestV1,
} from '@saleswire/contracts';
import { ContractPipe, RpcController, RpcHandler } from '@saleswire/messaging';
import { DealPaymentService } from './deal-payment.service';
import { DealQueryService } from './deal-query.service';
import { DealStageService } from './deal-stage.service';
import { DealUpdateService } from './deal-update.service';
import { DealService } from './deal.service';

@RpcController()
export class DealRpcController {
  constructor(
    private readonly deals: DealService,
    private readonly queries: DealQueryService,
    private readonly updates: DealUpdateService,
    private readonly stages: DealStageService,
    private readonly payments: DealPaymentService,
  ) {}

  @RpcHandler(CREATE_DEAL_V1)
  create(@Payload(new ContractPipe(CREATE_DEAL_V1)) request: CreateDealRequestV1): Promise<DealViewV1> {
    return this.deals.create(request.input, request.actor);
  }

  @RpcHandler(LIST_DEALS_V1)
  list(@Payload(new ContractPipe(LIST_DEALS_V1)) request: ListDealsRequestV1): Promise<Page<DealViewV1>> {
    return this.queries.list(request.query, request.actor);
  }

  @RpcHandler(GET_DEAL_V1)
  get(@Payload(new ContractPipe(GET_DEAL_V1)) request: GetByIdRequestV1): Promise<DealViewV1> {
    return this.queries.get(request.id, request.actor);
  }

  @RpcHandler(UPDATE_DEAL_V1)
  update(@Payload(new ContractPipe(UPDATE_DEAL_V1)) request: UpdateDealRequestV1): Promise<DealViewV1> {
    return this.updates.update(request.id, request.expectedVersion, request.input, request.actor);
  }

  @RpcHandler(MOVE_DEAL_STAGE_V1)
  moveStage(@Payload(new ContractPipe(MOVE_DEAL_STAGE_V1)) request: MoveDealStageRequestV1): Promise<DealViewV1> {
    return this.stages.moveStage(request.id, request.input, request.actor, request.expectedVersion);
  }

  @RpcHandler(RECORD_PAYMENT_V1)
  recordPayment(@Payload(new ContractPipe(RECORD_PAYMENT_V1)) request: RecordPaymentRequestV1): Promise<PaymentRecordedViewV1> {
    return this.payments.record(request.id, request.input, request.actor);
  }
}
