import { emailKey, phoneKey, taxIdKey } from '@saleswire/database';

/** The keys two contacts are compared by: normalised email, phone and company tax id. */
export interface ContactKeys {
  email: string | null;
  phone: string | null;
  taxId: string | null;
}

/** Email by the platform's one rule (`emailKey`, libs/database): without case or surrounding spaces. */
export function normalizeEmail(email: string | null | undefined): string | null {
  return emailKey(email);
}

/** Phone by the platform's one rule (`phoneKey`, libs/database): `8 916 123-45-67` and `+7 916 123 45 67` are one key. */
export function normalizePhone(phone: string | null | undefined): string | null {
  return phoneKey(phone);
}

/** Tax id by the platform's one rule (`taxIdKey`, libs/database): `77.01/2345` and `7701 2345` are one key. */
export function normalizeTaxId(taxId: string | null | undefined): string | null {
  return taxIdKey(taxId);
}

/** All three keys of a contact at once. */
export function contactKeys(input: { email?: string | null; phone?: string | null; taxId?: string | null }): ContactKeys {
  return { email: normalizeEmail(input.email), phone: normalizePhone(input.phone), taxId: normalizeTaxId(input.taxId) };
}

/** True when the contact has at least one key to match on. */
export function hasAnyKey(keys: ContactKeys): boolean {
  return keys.email !== null || keys.phone !== null || keys.taxId !== null;
}

/** The kinds of key, in the order a known customer is matched by: tax id first, then email, then phone. */
export const KEY_KINDS = ['taxId', 'email', 'phone'] as const satisfies ReadonlyArray<keyof ContactKeys>;

/** A key as the look-ups index it: `kind:value`. */
export function keyOf(kind: keyof ContactKeys, value: string): string {
  return `${kind}:${value}`;
}

/** The open lead first found under a key: its id and the original it stands for (itself, or what it duplicates). */
export interface OpenLeadHit {
  id: string;
  original: string;
}

/** A known customer a lead's contact matches. */
export interface CustomerMatch {
  customerId: string;
  ownerId: string | null;
}

/**
 * What a lead with these keys duplicates: the original of the oldest open lead found under any of its keys
 * (UUID v7 ids sort by creation), or null.
 */
export function duplicateOf(keys: ContactKeys, hits: ReadonlyMap<string, OpenLeadHit>): string | null {
  let oldest: OpenLeadHit | undefined;
  for (const kind of KEY_KINDS) {
    const hit = keys[kind] ? hits.get(keyOf(kind, keys[kind])) : undefined;
    if (hit && (!oldest || hit.id < oldest.id)) oldest = hit;
  }
  return oldest?.original ?? null;
}

/** The known customer a lead with these keys belongs to: by tax id, else email, else phone; or null. */
export function customerOf(keys: ContactKeys, customers: ReadonlyMap<string, CustomerMatch>): CustomerMatch | null {
  for (const kind of KEY_KINDS) {
    const customer = keys[kind] ? customers.get(keyOf(kind, keys[kind])) : undefined;
    if (customer) return customer;
  }
  return null;
}
