import { Controller } from '@nestjs/common';
import {
  COMMISSION_ACCRUED_V1,
  COMMISSION_APPROVED_V1,
  COMMISSION_PAID_V1,
  DEAL_REGISTRATION_APPROVED_V1,
  DEAL_REGISTRATION_CLOSED_V1,
  DEAL_REGISTRATION_EXPIRED_V1,
  DEAL_REGISTRATION_EXTENDED_V1,
  DEAL_REGISTRATION_REJECTED_V1,
  DEAL_REGISTRATION_SUBMITTED_V1,
  DEAL_REGISTRATION_WITHDRAWN_V1,
  LEAD_OFFER_ACCEPTED_V1,
  LEAD_OFFER_DECLINED_V1,
  LEAD_OFFER_LAPSED_V1,
  LEAD_OFFER_MADE_V1,
  type CommissionAccruedV1,
  type CommissionApprovedV1,
  type CommissionPaidV1,
  type DealRegistrationApprovedV1,
  type DealRegistrationFactsV1,
  type DealRegistrationSubmittedV1,
  type EventEnvelope,
  type LeadOfferFactsV1,
} from '@saleswire/contracts';
import { OnEvent, type EventTransaction } from '@saleswire/messaging';
import { PartnerFactProjection } from './partner-fact.projection';

/** The partners events of the partners report: registrations, commissions and lead offers. */
@Controller()
export class PartnerFactEventsController {
  constructor(private readonly projection: PartnerFactProjection) {}

  @OnEvent(DEAL_REGISTRATION_SUBMITTED_V1)
  onSubmitted(event: EventEnvelope<DealRegistrationSubmittedV1>, tx: EventTransaction): Promise<void> {
    return this.projection.registration(event, tx, event.payload.submittedAt);
  }

  @OnEvent(DEAL_REGISTRATION_APPROVED_V1)
  onApproved(event: EventEnvelope<DealRegistrationApprovedV1>, tx: EventTransaction): Promise<void> {
    return this.projection.registrationApproved(event, tx);
  }

  @OnEvent(DEAL_REGISTRATION_REJECTED_V1)
  onRejected(event: EventEnvelope<DealRegistrationFactsV1>, tx: EventTransaction): Promise<void> {
    return this.projection.registration(event, tx);
  }

  @OnEvent(DEAL_REGISTRATION_WITHDRAWN_V1)
  onWithdrawn(event: EventEnvelope<DealRegistrationFactsV1>, tx: EventTransaction): Promise<void> {
    return this.projection.registration(event, tx);
  }

  @OnEvent(DEAL_REGISTRATION_EXTENDED_V1)
  onExtended(event: EventEnvelope<DealRegistrationFactsV1>, tx: EventTransaction): Promise<void> {
    return this.projection.registration(event, tx);
  }

  @OnEvent(DEAL_REGISTRATION_EXPIRED_V1)
  onExpired(event: EventEnvelope<DealRegistrationFactsV1>, tx: EventTransaction): Promise<void> {
    return this.projection.registration(event, tx);
  }

  @OnEvent(DEAL_REGISTRATION_CLOSED_V1)
  onClosed(event: EventEnvelope<DealRegistrationFactsV1>, tx: EventTransaction): Promise<void> {
    return this.projection.registration(event, tx);
  }

  @OnEvent(COMMISSION_ACCRUED_V1)
  onAccrued(event: EventEnvelope<CommissionAccruedV1>, tx: EventTransaction): Promise<void> {
    return this.projection.commission(event, tx);
  }

  @OnEvent(COMMISSION_APPROVED_V1)
  onCommissionApproved(event: EventEnvelope<CommissionApprovedV1>, tx: EventTransaction): Promise<void> {
    return this.projection.commission(event, tx);
  }

  @OnEvent(COMMISSION_PAID_V1)
  onPaid(event: EventEnvelope<CommissionPaidV1>, tx: EventTransaction): Promise<void> {
    return this.projection.commission(event, tx);
  }

  @OnEvent(LEAD_OFFER_MADE_V1)
  onOfferMade(event: EventEnvelope<LeadOfferFactsV1>, tx: EventTransaction): Promise<void> {
    return this.projection.leadOffer(event, tx);
  }

  @OnEvent(LEAD_OFFER_ACCEPTED_V1)
  onOfferAccepted(event: EventEnvelope<LeadOfferFactsV1>, tx: EventTransaction): Promise<void> {
    return this.projection.leadOffer(event, tx);
  }

  @OnEvent(LEAD_OFFER_DECLINED_V1)
  onOfferDeclined(event: EventEnvelope<LeadOfferFactsV1>, tx: EventTransaction): Promise<void> {
    return this.projection.leadOffer(event, tx);
  }

  @OnEvent(LEAD_OFFER_LAPSED_V1)
  onOfferLapsed(event: EventEnvelope<LeadOfferFactsV1>, tx: EventTransaction): Promise<void> {
    return this.projection.leadOffer(event, tx);
  }
}
