import { Payload } from '@nestjs/microservices';
import { ContractPipe, RpcController, RpcHandler } from '@saleswire/messaging';
import { GET_CUSTOMER_HISTORY_V1, type CustomerHistoryV1, type GetByIdRequestV1 } from '@saleswire/contracts';
import { CustomerHistoryService } from './customer-history.service';

@RpcController()
export class CustomerHistoryRpcController {
  constructor(private readonly history: CustomerHistoryService) {}

  @RpcHandler(GET_CUSTOMER_HISTORY_V1)
  get(@Payload(new ContractPipe(GET_CUSTOMER_HISTORY_V1)) request: GetByIdRequestV1): Promise<CustomerHistoryV1> {
    return this.history.history(request.id, request.actor);
  }
}
