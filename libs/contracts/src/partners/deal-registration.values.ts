import { IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, IsUrl, IsUUID, Matches, MaxLength } from 'class-validator';

export const DEAL_REGISTRATION_STATUSES = ['submitted', 'approved', 'rejected', 'withdrawn', 'expired', 'closed'] as const;
export type DealRegistrationStatus = (typeof DEAL_REGISTRATION_STATUSES)[number];

/** What a registration collided with: a deal of another channel, an open lead, another partner's registration. */
export const CONFLICT_KINDS = ['deal', 'lead', 'registration'] as const;
export type ConflictKind = (typeof CONFLICT_KINDS)[number];

/** The key two customers matched on, strongest first. */
export const MATCH_KEYS = ['tax_id', 'domain', 'name'] as const;
export type MatchKey = (typeof MATCH_KEYS)[number];

/** How a won or lost deal closed its registration. */
export const REGISTRATION_OUTCOMES = ['won', 'lost'] as const;
export type RegistrationOutcome = (typeof REGISTRATION_OUTCOMES)[number];

/** The end customer a partner registers an opportunity for. */
export class RegisteredCustomerV1 {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9 ./-]{4,32}$/, { message: 'taxId must be 4 to 32 letters, digits, spaces, dots, slashes or dashes' })
  taxId?: string | null;

  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  /** The customer's web site (`northwind.example` or a URL): its domain is a matching key. */
  @IsOptional()
  @IsUrl({ require_protocol: false, protocols: ['http', 'https'] })
  @MaxLength(254)
  website?: string | null;
}

/** One channel conflict of a registration, as events carry it: the other record and the key it matched on. */
export class ChannelConflictV1 {
  @IsIn(CONFLICT_KINDS)
  kind!: ConflictKind;

  @IsUUID()
  id!: string;

  @IsIn(MATCH_KEYS)
  matchedOn!: MatchKey;
}

/**
 * A conflict as the API answers it. `id` is null for a partner user: the other record belongs to the company or
 * to another partner, and a partner learns that its registration collided, never whose record it collided with.
 */
export interface ChannelConflictViewV1 {
  kind: ConflictKind;
  id: string | null;
  matchedOn: MatchKey;
}
