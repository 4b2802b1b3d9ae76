import { defineCommand } from '../common/event-contract';
import { PartnerStatusChangeRequestV1 } from './partner.values';
import type { PartnerViewV1 } from './partner.views';

/** `rpc.partners.reactivate-partner.v1`: a suspended partner works again. */
export const REACTIVATE_PARTNER_V1 = defineCommand('partners', 'reactivate-partner', 1, PartnerStatusChangeRequestV1).replies<PartnerViewV1>();
