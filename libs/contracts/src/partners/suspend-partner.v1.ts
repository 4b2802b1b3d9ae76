import { defineCommand } from '../common/event-contract';
import { PartnerStatusChangeRequestV1 } from './partner.values';
import type { PartnerViewV1 } from './partner.views';

/** `rpc.partners.suspend-partner.v1`: the partner's users and keys are refused (403) until it is reactivated. */
export const SUSPEND_PARTNER_V1 = defineCommand('partners', 'suspend-partner', 1, PartnerStatusChangeRequestV1).replies<PartnerViewV1>();
