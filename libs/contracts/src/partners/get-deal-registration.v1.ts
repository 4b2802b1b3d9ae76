import { defineRpc } from '../common/event-contract';
import { GetByIdRequestV1 } from '../common/get-by-id';
import type { DealRegistrationViewV1 } from './deal-registration.views';

/** `rpc.partners.get-deal-registration.v1`: one registration, 404 outside the caller's scope. */
export const GET_DEAL_REGISTRATION_V1 = defineRpc('partners', 'get-deal-registration', 1, GetByIdRequestV1).replies<DealRegistrationViewV1>();
