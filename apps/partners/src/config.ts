import { serviceConfigFromEnv, type ServiceConfig } from '@saleswire/messaging';

export const SERVICE = 'partners';

/** What only the partners service reads (README, "Configuration"). */
export interface RegistrationSettings {
  /** `PARTNER_PROTECTION_DAYS` (90): how long an approval protects the customer when it names no number of days. */
  protectionDays: number;
  /** `REGISTRATION_EXPIRY_CHECK_MS` (60000; 0 = never): how often every replica looks for protections that ended. */
  expiryCheckMs: number;
}

/** Lead offers (README, "Configuration"). */
export interface LeadOfferSettings {
  /** `LEAD_OFFER_CHECK_MS` (60000; 0 = never): how often every replica looks for offers not answered in time. */
  checkMs: number;
}

export type PartnersConfig = ServiceConfig & { registrations: RegistrationSettings; leadOffers: LeadOfferSettings };

export const REGISTRATION_SETTINGS = Symbol('REGISTRATION_SETTINGS');
export const LEAD_OFFER_SETTINGS = Symbol('LEAD_OFFER_SETTINGS');

function wholeNumber(value: string | undefined, fallback: number, name: string, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) throw new Error(`${name} "${value}" must be a whole number from ${min} to ${max}`);
  return parsed;
}

/** The partners service's settings, from environment variables (README, "Configuration"). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): PartnersConfig {
  return {
    ...serviceConfigFromEnv(SERVICE, { port: 3003 }, env),
    registrations: {
      protectionDays: wholeNumber(env.PARTNER_PROTECTION_DAYS, 90, 'PARTNER_PROTECTION_DAYS', 1, 365),
      expiryCheckMs: wholeNumber(env.REGISTRATION_EXPIRY_CHECK_MS, 60_000, 'REGISTRATION_EXPIRY_CHECK_MS', 0, 86_400_000),
    },
    leadOffers: {
      checkMs: wholeNumber(env.LEAD_OFFER_CHECK_MS, 60_000, 'LEAD_OFFER_CHECK_MS', 0, 86_400_000),
    },
  };
}
