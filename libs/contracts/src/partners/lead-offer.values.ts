/** An offer of a lead to one partner: `offered`, then accepted, declined or lapsed (not answered in time). */
export const LEAD_OFFER_STATUSES = ['offered', 'accepted', 'declined', 'lapsed'] as const;
export type LeadOfferStatus = (typeof LEAD_OFFER_STATUSES)[number];

/** How long a partner has to answer an offer when routing names no figure. */
export const DEFAULT_OFFER_HOURS = 48;
/** The longest an offer may wait: a month. */
export const MAX_OFFER_HOURS = 720;
