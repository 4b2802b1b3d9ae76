import { Payload } from '@nestjs/microservices';
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
import { ContractPipe, RpcController, RpcHandler } from '@saleswire/messaging';
import { CustomerService } from './customer.service';

@RpcController()
export class CustomerRpcController {
  constructor(private readonly customers: CustomerService) {}

  @RpcHandler(CREATE_CUSTOMER_V1)
  create(@Payload(new ContractPipe(CREATE_CUSTOMER_V1)) request: CreateCustomerRequestV1): Promise<CustomerViewV1> {
    return this.customers.create(request.input, request.actor);
  }

  @RpcHandler(LIST_CUSTOMERS_V1)
  list(@Payload(new ContractPipe(LIST_CUSTOMERS_V1)) request: ListCustomersRequestV1): Promise<Page<CustomerViewV1>> {
    return this.customers.list(request.query, request.actor);
  }

  @RpcHandler(GET_CUSTOMER_V1)
  get(@Payload(new ContractPipe(GET_CUSTOMER_V1)) request: GetByIdRequestV1): Promise<CustomerViewV1> {
    return this.customers.get(request.id, request.actor);
  }

  @RpcHandler(RESOLVE_CUSTOMER_V1)
  resolve(@Payload(new ContractPipe(RESOLVE_CUSTOMER_V1)) request: ResolveCustomerRequestV1): Promise<ResolvedCustomerV1> {
    return this.customers.resolve(request.customer, request.actor);
  }
}
