import { inputExample, type InputExample } from '../common/input-example';
import { AcceptLeadOfferInputV1 } from './accept-lead-offer.v1';
import { DeclineLeadOfferInputV1 } from './decline-lead-offer.v1';
import { PartnerRoutingInputV1 } from './put-partner-routing.v1';
import { ApproveCommissionInputV1 } from './approve-commission.v1';
import { ApproveDealRegistrationInputV1 } from './approve-deal-registration.v1';
import { CreatePartnerInputV1 } from './create-partner.v1';
import { ExtendDealRegistrationInputV1 } from './extend-deal-registration.v1';
import { PartnerStatusChangeInputV1 } from './partner.values';
import { PayCommissionInputV1 } from './pay-commission.v1';
import { RejectDealRegistrationInputV1 } from './reject-deal-registration.v1';
import { SubmitDealRegistrationInputV1 } from './submit-deal-registration.v1';
import { UpdatePartnerInputV1 } from './update-partner.v1';
import { WithdrawDealRegistrationInputV1 } from './withdraw-deal-registration.v1';

/** A valid body of every request the partners routes take (API.md, Partners), each field set. */
export const PARTNERS_INPUT_EXAMPLES: readonly InputExample[] = [
  inputExample(CreatePartnerInputV1, {
    name: 'Contoso Systems',
    kind: 'dealer',
    tier: 'gold',
    territories: ['DE', 'AT', 'RU-MOW'],
    commissionRate: 0.1,
    routingWeight: 4,
    allowedOrigins: ['https://portal.contoso.example'],
  }),
  inputExample(UpdatePartnerInputV1, {
    name: 'Contoso Systems GmbH',
    kind: 'reseller',
    tier: 'silver',
    territories: ['DE-BY'],
    commissionRate: 0.075,
    routingWeight: 5,
    allowedOrigins: ['https://portal.contoso.example', 'http://localhost:5173'],
  }),
  inputExample(PartnerStatusChangeInputV1, { reason: 'Contract under review' }),
  inputExample(SubmitDealRegistrationInputV1, {
    customer: { name: 'Northwind Traders', taxId: '7707083893', email: 'buyer@northwind.example', website: 'northwind.example' },
    title: 'Scanners for 40 stores',
    expectedAmount: 48000,
    currency: 'EUR',
    expectedCloseDate: '2026-06-30',
  }),
  inputExample(ApproveDealRegistrationInputV1, { protectionDays: 90, override: true, reason: 'The other registration went quiet' }),
  inputExample(RejectDealRegistrationInputV1, { reason: 'The customer is a direct account' }),
  inputExample(ExtendDealRegistrationInputV1, { days: 30 }),
  inputExample(WithdrawDealRegistrationInputV1, { reason: 'The customer chose another supplier' }),
  inputExample(ApproveCommissionInputV1, { note: 'Checked against the invoice' }),
  inputExample(PayCommissionInputV1, { reference: 'SEPA-2026-000123' }),
  inputExample(PartnerRoutingInputV1, { enabled: true, sources: ['website', 'exhibition'], offerHours: 48 }),
  inputExample(AcceptLeadOfferInputV1, { note: 'We call them today' }),
  inputExample(DeclineLeadOfferInputV1, { reason: 'No capacity in Bavaria this quarter' }),
];
