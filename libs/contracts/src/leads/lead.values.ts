import { IsEmail, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

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

/** The person behind a lead, as requests carry it, events describe it and views show it. */
export class LeadContactV1 {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @IsOptional()
  @IsString()
  @Matches(/^\+?[0-9 ()\-.]{5,32}$/, { message: 'phone must be digits with optional +, spaces, dashes or brackets' })
  phone?: string;
}

/** The company a lead works for, when it is a business. */
export class LeadCompanyV1 {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9 -]{4,32}$/, { message: 'taxId must be 4 to 32 letters, digits, spaces or dashes' })
  taxId?: string;
}
