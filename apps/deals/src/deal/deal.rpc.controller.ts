import { MessagePattern, Payload } from '@nestjs/microservices';
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
import { ContractPipe, RpcController } from '@saleswire/messaging';
import { DealService } from './deal.service';

@RpcController()
export class DealRpcController {
  constructor(private readonly deals: DealService) {}

  @MessagePattern(CREATE_DEAL_V1.subject)
  create(@Payload(new ContractPipe(CREATE_DEAL_V1)) request: CreateDealRequestV1): Promise<DealViewV1> {
    return this.deals.create(request.input, request.actor);
  }

  @MessagePattern(LIST_DEALS_V1.subject)
  list(@Payload(new ContractPipe(LIST_DEALS_V1)) request: ListDealsRequestV1): Promise<Page<DealViewV1>> {
    return this.deals.list(request.query, request.actor);
  }

  @MessagePattern(GET_DEAL_V1.subject)
  get(@Payload(new ContractPipe(GET_DEAL_V1)) request: GetByIdRequestV1): Promise<DealViewV1> {
    return this.deals.get(request.id, request.actor);
  }

  @MessagePattern(UPDATE_DEAL_V1.subject)
  update(@Payload(new ContractPipe(UPDATE_DEAL_V1)) request: UpdateDealRequestV1): Promise<DealViewV1> {
    return this.deals.update(request.id, request.expectedVersion, request.input, request.actor);
  }

  @MessagePattern(MOVE_DEAL_STAGE_V1.subject)
  moveStage(@Payload(new ContractPipe(MOVE_DEAL_STAGE_V1)) request: MoveDealStageRequestV1): Promise<DealViewV1> {
    return this.deals.moveStage(request.id, request.input, request.actor);
  }
}
