import { defineRpc } from '../common/event-contract';
import { GetByIdRequestV1 } from '../common/get-by-id';
import type { PartnerViewV1 } from './partner.views';

/** `rpc.partners.get-partner.v1`: one partner, 404 outside the caller's scope (a partner user sees its own only). */
export const GET_PARTNER_V1 = defineRpc('partners', 'get-partner', 1, GetByIdRequestV1).replies<PartnerViewV1>();
