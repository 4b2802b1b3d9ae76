export const LEAD_SOURCES = [
  'exhibition',
  'seminar',
  'conference',
  'website',
  'inbound_call',
  'email',
  'cold_call',
  'referral',
  'partner',
  'other',
] as const;
export type LeadSource = (typeof LEAD_SOURCES)[number];

export const DIRECTIONS = ['inbound', 'outbound'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const SEGMENTS = ['b2b', 'b2c'] as const;
export type Segment = (typeof SEGMENTS)[number];

export const LEAD_STATUSES = ['new', 'in_progress', 'qualified', 'converted', 'junk'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];
