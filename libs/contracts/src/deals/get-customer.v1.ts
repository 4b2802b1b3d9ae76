import { defineRpc } from '../common/event-contract';
import { GetByIdRequestV1 } from '../common/get-by-id';
import type { CustomerViewV1 } from './customer.views';

/** `rpc.deals.get-customer.v1`: one customer with its contacts, 404 outside the caller's scope. */
export const GET_CUSTOMER_V1 = defineRpc('deals', 'get-customer', 1, GetByIdRequestV1).replies<CustomerViewV1>();
