import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CREATE_CUSTOMER_V1,
  type CreateCustomerRequestV1,
  type CustomerViewV1,
  GET_CUSTOMER_V1,
  type GetByIdRequestV1,
  LIST_CUSTOMERS_V1,
  type ListCustomersRequestV1,
  type Page,
  RESOLVE_CUSTOMER_V1,
  type ResolveCustomerRequestV1,
  type ResolvedCustomerV1,
} from '@saleswire/contracts';
import { ContractPipe, RpcController } from '@saleswire/messaging';
import { CustomerService } from './customer.service';

@RpcController()
export class CustomerRpcController {
  constructor(private readonly customers: CustomerService) {}

  @MessagePattern(CREATE_CUSTOMER_V1.subject)
  create(@Payload(new ContractPipe(CREATE_CUSTOMER_V1)) request: CreateCustomerRequestV1): Promise<CustomerViewV1> {
    return this.customers.create(request.input, request.actor);
  }

  @MessagePattern(LIST_CUSTOMERS_V1.subject)
  list(@Payload(new ContractPipe(LIST_CUSTOMERS_V1)) request: ListCustomersRequestV1): Promise<Page<CustomerViewV1>> {
    return this.customers.list(request.query, request.actor);
  }

  @MessagePattern(GET_CUSTOMER_V1.subject)
  get(@Payload(new ContractPipe(GET_CUSTOMER_V1)) request: GetByIdRequestV1): Promise<CustomerViewV1> {
    return this.customers.get(request.id, request.actor);
  }

  @MessagePattern(RESOLVE_CUSTOMER_V1.subject)
  resolve(@Payload(new ContractPipe(RESOLVE_CUSTOMER_V1)) request: ResolveCustomerRequestV1): Promise<ResolvedCustomerV1> {
    return this.customers.resolve(request.customer, request.actor);
  }
}
