import { emailKey, phoneKey, taxIdKey } from '@saleswire/database';

/**
 * What makes two customers the same (DESIGN.md, "Customer"): the same tax id, the same email or the same phone,
 * each compared in a normal form so that spelling does not create twins.
 */
export interface IdentityKeys {
  taxIdKey: string | null;
  emailKey: string | null;
  phoneKey: string | null;
}

/**
 * Tax ids compare by the platform's one rule (`taxIdKey`, libs/database), the one the leads service matches repeat
 * customers by: without case, spaces, dots, dashes or slashes, `77-07 083.893` is `7707083893`.
 */
export function normaliseTaxId(taxId: string | null | undefined): string | null {
  return taxIdKey(taxId);
}

/** Emails compare by the platform's one rule (`emailKey`, libs/database): trimmed and in lower case. */
export function normaliseEmail(email: string | null | undefined): string | null {
  return emailKey(email);
}

/**
 * Phones compare by the platform's one rule (`phoneKey`, libs/database), the one the leads service matches repeat
 * customers by: `+7 (495) 123-45-67`, `8 495 123-45-67` and `007 495 1234567` are `74951234567`.
 */
export function normalisePhone(phone: string | null | undefined): string | null {
  return phoneKey(phone);
}

export function identityKeys(identity: { taxId?: string | null; email?: string | null; phone?: string | null }): IdentityKeys {
  return {
    taxIdKey: normaliseTaxId(identity.taxId),
    emailKey: normaliseEmail(identity.email),
    phoneKey: normalisePhone(identity.phone),
  };
}

export function hasAnyKey(keys: IdentityKeys): boolean {
  return keys.taxIdKey !== null || keys.emailKey !== null || keys.phoneKey !== null;
}

/**
 * The candidate that is the same customer as `keys`, or null. A tax id match wins over an email match, which
 * wins over a phone match; among equal matches the oldest customer (first in `candidates`) wins.
 */
export function matchCustomer<C extends IdentityKeys>(keys: IdentityKeys, candidates: readonly C[]): C | null {
  const by = (field: keyof IdentityKeys): C | undefined =>
    keys[field] === null ? undefined : candidates.find((candidate) => candidate[field] === keys[field]);
  return by('taxIdKey') ?? by('emailKey') ?? by('phoneKey') ?? null;
}
