import { Payload } from '@nestjs/microservices';
import { ContractPipe, RpcController, RpcHandler } from '@saleswire/messaging';
import { LIST_REPEAT_SALES_DUE_V1, type ListRepeatSalesDueRequestV1, type RepeatSaleDueRowV1 } from '@saleswire/contracts';
import { RepeatSaleService } from './repeat-sale.service';

const DEFAULT_WITHIN_DAYS = 30;

@RpcController()
export class RepeatSaleRpcController {
  constructor(private readonly repeatSales: RepeatSaleService) {}

  @RpcHandler(LIST_REPEAT_SALES_DUE_V1)
  due(@Payload(new ContractPipe(LIST_REPEAT_SALES_DUE_V1)) request: ListRepeatSalesDueRequestV1): Promise<RepeatSaleDueRowV1[]> {
    return this.repeatSales.due(request.query.withinDays ?? DEFAULT_WITHIN_DAYS, request.actor);
  }
}
