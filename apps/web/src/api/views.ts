// The fields of the API's answers that the pages read (API.md). Kept minimal: the SDK's generated types take
// over as the OpenAPI document gains response schemas.

export type Role = 'admin' | 'head_of_sales' | 'manager' | 'channel_manager' | 'partner_user';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Money {
  currency: string;
  value: number;
}

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  partnerId: string | null;
  active: boolean;
}

export const LEAD_STATUSES = ['new', 'in_progress', 'qualified', 'junk', 'converted'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];
export const LEAD_SOURCES = ['exhibition', 'seminar', 'conference', 'website', 'inbound_call', 'email', 'cold_call', 'referral', 'partner', 'other'] as const;
export type LeadSource = (typeof LEAD_SOURCES)[number];

export interface Lead {
  id: string;
  status: LeadStatus;
  contact: { name: string; email?: string | null; phone?: string | null };
  company?: { name: string; taxId?: string | null } | null;
  source: LeadSource;
  direction: 'inbound' | 'outbound';
  segment?: string;
  region?: string | null;
  title?: string | null;
  expectedAmount?: number | null;
  currency?: string | null;
  assigneeId: string | null;
  partnerId?: string | null;
  marketingEventId?: string | null;
  isRepeat: boolean;
  customerId: string | null;
  dealId?: string | null;
  comment?: string | null;
  version: number;
  createdAt: string;
  updatedAt?: string;
}

export interface ImportJob {
  status: string;
  total: number;
  accepted: number;
  rejected: number;
  errors: Array<{ row: number; field: string; message: string }>;
}

export interface Stage {
  code: string;
  name: string;
  semantics: 'open' | 'won' | 'lost';
  probability: number;
}

export interface Pipeline {
  id: string;
  name: string;
  kind: string;
  stages: Stage[];
  requiresPayment?: boolean;
}

export interface Deal {
  id: string;
  title: string;
  customerId: string;
  amount: number;
  currency: string;
  pipelineId: string;
  stage: string;
  probability: number;
  status?: string;
  type?: string;
  channel?: string;
  ownerId: string | null;
  partnerId?: string | null;
  isRepeat: boolean;
  paidAmount?: number;
  expectedCloseDate?: string | null;
  team?: Array<{ userId?: string | null; partnerId?: string | null; externalCompany?: string | null; role: string }>;
  version: number;
  createdAt: string;
}

export interface Payment {
  id: string;
  dealId?: string;
  amount: number;
  currency: string;
  paidAt: string;
  reference?: string | null;
}

export interface Customer {
  id: string;
  kind: 'company' | 'person';
  name: string;
  taxId?: string | null;
  email?: string | null;
  ownerId?: string | null;
}

export interface CustomerHistory {
  customer: Customer | null;
  leads: Lead[] | null;
  deals: Deal[] | null;
  payments: Payment[] | null;
  partner: unknown;
  warnings?: Array<{ service: string; problem: string }>;
}

export interface RepeatSaleDue {
  customerId: string;
  ownerId: string | null;
  lastPurchaseAt: string;
  purchases: number;
  medianIntervalDays: number;
  nextExpectedAt: string;
  dealId: string | null;
}
