import { defineRpc } from '../common/event-contract';
import { GetByIdRequestV1 } from '../common/get-by-id';
import type { DealViewV1 } from './deal.views';

/** `rpc.deals.get-deal.v1`: one deal with its stage history, 404 outside the caller's scope. */
export const GET_DEAL_V1 = defineRpc('deals', 'get-deal', 1, GetByIdRequestV1).replies<DealViewV1>();
