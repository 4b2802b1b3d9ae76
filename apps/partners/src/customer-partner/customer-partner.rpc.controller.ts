import { Payload } from '@nestjs/microservices';
import { type CustomerPartnerV1, GET_CUSTOMER_PARTNER_V1, type GetCustomerPartnerRequestV1 } from '@saleswire/contracts';
import { ContractPipe, RpcController, RpcHandler } from '@saleswire/messaging';
import { CustomerPartnerService } from './customer-partner.service';

@RpcController()
export class CustomerPartnerRpcController {
  constructor(private readonly service: CustomerPartnerService) {}

  @RpcHandler(GET_CUSTOMER_PARTNER_V1)
  get(@Payload(new ContractPipe(GET_CUSTOMER_PARTNER_V1)) request: GetCustomerPartnerRequestV1): Promise<{ partner: CustomerPartnerV1 | null }> {
    return this.service.partnerOf(request.customerId, request.actor);
  }
}
