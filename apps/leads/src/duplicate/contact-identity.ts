/** The keys two contacts are compared by: normalised email, phone and company tax id. */
export interface ContactKeys {
  email: string | null;
  phone: string | null;
  taxId: string | null;
}

/** Email compared without case or surrounding spaces. */
export function normalizeEmail(email: string | null | undefined): string | null {
  const value = email?.trim().toLowerCase();
  return value ? value : null;
}

/**
 * Phone as its digits, with a leading `+` kept when one was given (the country code is then explicit).
 * No national rule is assumed: `8 495…` and `+7 495…` stay different keys. Fewer than 5 digits is no key.
 */
export function normalizePhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 5) return null;
  return /^\s*\+/.test(phone) ? `+${digits}` : digits;
}

/** Tax id without spaces or dashes, upper-case. */
export function normalizeTaxId(taxId: string | null | undefined): string | null {
  const value = taxId?.replace(/[\s-]/g, '').toUpperCase();
  return value ? value : null;
}

/** All three keys of a contact at once. */
export function contactKeys(input: { email?: string | null; phone?: string | null; taxId?: string | null }): ContactKeys {
  return { email: normalizeEmail(input.email), phone: normalizePhone(input.phone), taxId: normalizeTaxId(input.taxId) };
}

/** True when the contact has at least one key to match on. */
export function hasAnyKey(keys: ContactKeys): boolean {
  return keys.email !== null || keys.phone !== null || keys.taxId !== null;
}
