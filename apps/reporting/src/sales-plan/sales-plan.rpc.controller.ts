import { Payload } from '@nestjs/microservices';
import {
  LIST_SALES_PLANS_V1,
  PUT_SALES_PLAN_V1,
  type ListSalesPlansRequestV1,
  type PutSalesPlanRequestV1,
  type SalesPlansV1,
  type SalesPlanViewV1,
} from '@saleswire/contracts';
import { ContractPipe, RpcController, RpcHandler } from '@saleswire/messaging';
import { momentOf } from '../report/report-period';
import { SalesPlanService } from './sales-plan.service';

@RpcController()
export class SalesPlanRpcController {
  constructor(private readonly plans: SalesPlanService) {}

  @RpcHandler(PUT_SALES_PLAN_V1)
  put(@Payload(new ContractPipe(PUT_SALES_PLAN_V1)) request: PutSalesPlanRequestV1): Promise<SalesPlanViewV1> {
    return this.plans.put(request);
  }

  @RpcHandler(LIST_SALES_PLANS_V1)
  list(@Payload(new ContractPipe(LIST_SALES_PLANS_V1)) request: ListSalesPlansRequestV1): Promise<SalesPlansV1> {
    return this.plans.list(request.actor, request.query, momentOf(request.query));
  }
}
