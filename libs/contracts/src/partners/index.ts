// The partners service's messages, by what they are: the values they are made of, the views its answers show,
// the events it publishes (with their catalogue), and the requests it answers.

// Values
export * from './partner.values';
export * from './deal-registration.values';
export * from './commission.values';
export * from './lead-offer.values';
export * from './lead-offer-facts.v1';
export * from './partner-facts.v1';
export * from './deal-registration-facts.v1';
export * from './commission-facts.v1';

// Views
export * from './partner.views';
export * from './deal-registration.views';
export * from './commission.views';
export * from './lead-offer.views';

// Events
export * from './partner-created.v1';
export * from './partner-updated.v1';
export * from './deal-registration-submitted.v1';
export * from './deal-registration-approved.v1';
export * from './deal-registration-rejected.v1';
export * from './deal-registration-withdrawn.v1';
export * from './deal-registration-extended.v1';
export * from './deal-registration-expired.v1';
export * from './deal-registration-expiring.v1';
export * from './deal-registration-closed.v1';
export * from './channel-conflict-detected.v1';
export * from './commission-accrued.v1';
export * from './commission-approved.v1';
export * from './commission-paid.v1';
export * from './lead-offer-made.v1';
export * from './lead-offer-accepted.v1';
export * from './lead-offer-declined.v1';
export * from './lead-offer-lapsed.v1';
export * from './partner-lead-changed.v1';
export * from './partner-deal-changed.v1';
export * from './catalogue';

// Requests
export * from './create-partner.v1';
export * from './list-partners.v1';
export * from './get-partner.v1';
export * from './update-partner.v1';
export * from './suspend-partner.v1';
export * from './reactivate-partner.v1';
export * from './list-suspended-partners.v1';
export * from './list-partner-origins.v1';
export * from './submit-deal-registration.v1';
export * from './list-deal-registrations.v1';
export * from './get-deal-registration.v1';
export * from './approve-deal-registration.v1';
export * from './reject-deal-registration.v1';
export * from './extend-deal-registration.v1';
export * from './withdraw-deal-registration.v1';
export * from './list-commissions.v1';
export * from './approve-commission.v1';
export * from './pay-commission.v1';
export * from './get-customer-partner.v1';
export * from './get-partner-routing.v1';
export * from './put-partner-routing.v1';
export * from './list-lead-offers.v1';
export * from './accept-lead-offer.v1';
export * from './decline-lead-offer.v1';
