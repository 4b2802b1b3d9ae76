export const MARKETING_EVENT_KINDS = ['exhibition', 'seminar', 'conference', 'webinar', 'other'] as const;
export type MarketingEventKind = (typeof MARKETING_EVENT_KINDS)[number];
