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
  UPDATE_DEAL_V1,
  type UpdateDealRequestV1,
} from '@saleswire/contracts';
import { ContractPipe, RpcController, RpcHandler } from '@saleswire/messaging';
import { DealService } from './deal.service';

@RpcController()
export class DealRpcController {
  constructor(private readonly deals: DealService) {}

  @RpcHandler(CREATE_DEAL_V1)
  create(@Payload(new ContractPipe(CREATE_DEAL_V1)) request: CreateDealRequestV1): Promise<DealViewV1> {
    return this.deals.create(request.input, request.actor);
  }

  @RpcHandler(LIST_DEALS_V1)
  list(@Payload(new ContractPipe(LIST_DEALS_V1)) request: ListDealsRequestV1): Promise<Page<DealViewV1>> {
    return this.deals.list(request.query, request.actor);
  }

  @RpcHandler(GET_DEAL_V1)
  get(@Payload(new ContractPipe(GET_DEAL_V1)) request: GetByIdRequestV1): Promise<DealViewV1> {
    return this.deals.get(request.id, request.actor);
  }

  @RpcHandler(UPDATE_DEAL_V1)
  update(@Payload(new ContractPipe(UPDATE_DEAL_V1)) request: UpdateDealRequestV1): Promise<DealViewV1> {
    return this.deals.update(request.id, request.expectedVersion, request.input, request.actor);
  }

  @RpcHandler(MOVE_DEAL_STAGE_V1)
  moveStage(@Payload(new ContractPipe(MOVE_DEAL_STAGE_V1)) request: MoveDealStageRequestV1): Promise<DealViewV1> {
    return this.deals.moveStage(request.id, request.input, request.actor);
  }
}
