/**
 * The keys an email and a tax id are matched by (ADR 0019, decision 14): one rule for duplicate leads, the leads
 * service's index of customers, the deals service's customers and search, as `phoneKey` is for phones. The leads
 * service once kept a rule of its own (any text an email, only spaces and dashes out of a tax id), so a customer
 * whose tax id was written `77.01/2345` in one service and `7701 2345` in the other was two customers to one and
 * one to the other: a repeat sale went unnoticed.
 */

/** An email's key: trimmed, lower case; no key without an `@`. */
export function emailKey(email: string | null | undefined): string | null {
  const key = (email ?? '').trim().toLowerCase();
  return key.includes('@') ? key : null;
}

/** A tax id's key: upper case without spaces, dots, dashes or slashes; no key under 4 characters. */
export function taxIdKey(taxId: string | null | undefined): string | null {
  const key = (taxId ?? '').replace(/[\s.\-/]/g, '').toUpperCase();
  return key.length >= MIN_TAX_ID_KEY ? key : null;
}

const MIN_TAX_ID_KEY = 4;
