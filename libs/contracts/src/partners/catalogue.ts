import type { EventEnvelope } from '../common/envelope';
import type { EventContract } from '../common/event-contract';
import { CHANNEL_CONFLICT_DETECTED_V1, channelConflictDetectedV1Fixture } from './channel-conflict-detected.v1';
import { COMMISSION_ACCRUED_V1, commissionAccruedV1Fixture } from './commission-accrued.v1';
import { COMMISSION_APPROVED_V1, commissionApprovedV1Fixture } from './commission-approved.v1';
import { COMMISSION_PAID_V1, commissionPaidV1Fixture } from './commission-paid.v1';
import { DEAL_REGISTRATION_APPROVED_V1, dealRegistrationApprovedV1Fixture } from './deal-registration-approved.v1';
import { DEAL_REGISTRATION_CLOSED_V1, dealRegistrationClosedV1Fixture } from './deal-registration-closed.v1';
import { DEAL_REGISTRATION_EXPIRED_V1, dealRegistrationExpiredV1Fixture } from './deal-registration-expired.v1';
import { DEAL_REGISTRATION_EXPIRING_V1, dealRegistrationExpiringV1Fixture } from './deal-registration-expiring.v1';
import { DEAL_REGISTRATION_EXTENDED_V1, dealRegistrationExtendedV1Fixture } from './deal-registration-extended.v1';
import { DEAL_REGISTRATION_REJECTED_V1, dealRegistrationRejectedV1Fixture } from './deal-registration-rejected.v1';
import { DEAL_REGISTRATION_SUBMITTED_V1, dealRegistrationSubmittedV1Fixture } from './deal-registration-submitted.v1';
import { DEAL_REGISTRATION_WITHDRAWN_V1, dealRegistrationWithdrawnV1Fixture } from './deal-registration-withdrawn.v1';
import { LEAD_OFFER_ACCEPTED_V1, leadOfferAcceptedV1Fixture } from './lead-offer-accepted.v1';
import { LEAD_OFFER_DECLINED_V1, leadOfferDeclinedV1Fixture } from './lead-offer-declined.v1';
import { LEAD_OFFER_LAPSED_V1, leadOfferLapsedV1Fixture } from './lead-offer-lapsed.v1';
import { LEAD_OFFER_MADE_V1, leadOfferMadeV1Fixture } from './lead-offer-made.v1';
import { PARTNER_DEAL_CHANGED_V1, partnerDealChangedV1Fixture } from './partner-deal-changed.v1';
import { PARTNER_LEAD_CHANGED_V1, partnerLeadChangedV1Fixture } from './partner-lead-changed.v1';
import { PARTNER_CREATED_V1, partnerCreatedV1Fixture } from './partner-created.v1';
import { PARTNER_UPDATED_V1, partnerUpdatedV1Fixture } from './partner-updated.v1';

/** Every event the partners service publishes, with its fixture; `registry.ts` spreads them into EVENT_CATALOGUE. */
export const PARTNERS_EVENT_CATALOGUE: ReadonlyArray<{ contract: EventContract; fixture: EventEnvelope<object> }> = [
  { contract: PARTNER_CREATED_V1, fixture: partnerCreatedV1Fixture },
  { contract: PARTNER_UPDATED_V1, fixture: partnerUpdatedV1Fixture },
  { contract: DEAL_REGISTRATION_SUBMITTED_V1, fixture: dealRegistrationSubmittedV1Fixture },
  { contract: DEAL_REGISTRATION_APPROVED_V1, fixture: dealRegistrationApprovedV1Fixture },
  { contract: DEAL_REGISTRATION_REJECTED_V1, fixture: dealRegistrationRejectedV1Fixture },
  { contract: DEAL_REGISTRATION_WITHDRAWN_V1, fixture: dealRegistrationWithdrawnV1Fixture },
  { contract: DEAL_REGISTRATION_EXTENDED_V1, fixture: dealRegistrationExtendedV1Fixture },
  { contract: DEAL_REGISTRATION_EXPIRING_V1, fixture: dealRegistrationExpiringV1Fixture },
  { contract: DEAL_REGISTRATION_EXPIRED_V1, fixture: dealRegistrationExpiredV1Fixture },
  { contract: DEAL_REGISTRATION_CLOSED_V1, fixture: dealRegistrationClosedV1Fixture },
  { contract: CHANNEL_CONFLICT_DETECTED_V1, fixture: channelConflictDetectedV1Fixture },
  { contract: COMMISSION_ACCRUED_V1, fixture: commissionAccruedV1Fixture },
  { contract: COMMISSION_APPROVED_V1, fixture: commissionApprovedV1Fixture },
  { contract: COMMISSION_PAID_V1, fixture: commissionPaidV1Fixture },
  { contract: LEAD_OFFER_MADE_V1, fixture: leadOfferMadeV1Fixture },
  { contract: LEAD_OFFER_ACCEPTED_V1, fixture: leadOfferAcceptedV1Fixture },
  { contract: LEAD_OFFER_DECLINED_V1, fixture: leadOfferDeclinedV1Fixture },
  { contract: LEAD_OFFER_LAPSED_V1, fixture: leadOfferLapsedV1Fixture },
  { contract: PARTNER_LEAD_CHANGED_V1, fixture: partnerLeadChangedV1Fixture },
  { contract: PARTNER_DEAL_CHANGED_V1, fixture: partnerDealChangedV1Fixture },
];
