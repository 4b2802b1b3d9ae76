import { defineRpc } from '../common/event-contract';
import { GetByIdRequestV1 } from '../common/get-by-id';
import type { CustomerViewV1 } from './customer.views';
import type { DealViewV1, PaymentViewV1 } from './deal.views';

/**
 * The deals service's part of `GET /api/v1/customers/{id}/history`: the customer, its deals and their
 * payments, newest first, in the caller's scope (a customer the caller may not see is a 404).
 */
export interface CustomerHistoryV1 {
  customer: CustomerViewV1;
  deals: DealViewV1[];
  payments: PaymentViewV1[];
}

export const GET_CUSTOMER_HISTORY_V1 = defineRpc('deals', 'get-customer-history', 1, GetByIdRequestV1).replies<CustomerHistoryV1>();
