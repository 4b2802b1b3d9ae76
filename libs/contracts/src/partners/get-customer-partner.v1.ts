import { Type } from 'class-transformer';
import { IsObject, IsUUID, ValidateNested } from 'class-validator';
import { ActorV1 } from '../common/envelope';
import { defineRpc } from '../common/event-contract';
import type { PartnerSummaryV1 } from './partner.views';

export class GetCustomerPartnerRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  /** The deals service's customer id. */
  @IsUUID()
  customerId!: string;
}

/** The partner a customer is worked through: the one protecting it by an approved registration, else the last partner of an indirect deal of it. */
export interface CustomerPartnerV1 extends PartnerSummaryV1 {
  via: 'registration' | 'deal';
  registrationId: string | null;
  protectedUntil: string | null;
  dealId: string | null;
}

/**
 * `rpc.partners.get-customer-partner.v1`: the `partner` of `GET /customers/{id}/history`; null when no partner
 * works the customer, or when it is another partner than the calling partner user's.
 */
export const GET_CUSTOMER_PARTNER_V1 = defineRpc('partners', 'get-customer-partner', 1, GetCustomerPartnerRequestV1).replies<{
  partner: CustomerPartnerV1 | null;
}>();
