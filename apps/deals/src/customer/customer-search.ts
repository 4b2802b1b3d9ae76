import { containsPattern, phoneSearchOf, searchTextSql } from '@saleswire/database';
import { normaliseEmail, normalisePhone, normaliseTaxId } from './customer-match.policy';

/**
 * What `q` searches in a customer, as one text: the name in search form (lower case, `ё` as `е`) and the
 * normalised matching keys; stored as `customer.search_key` (migration 1765300000001), which the trigram index
 * `customer_search_trgm_idx` is built on.
 */
export const CUSTOMER_SEARCH_KEY_SQL =
  `${searchTextSql('name')} || ' ' || coalesce(email_key, '') || ' ' || coalesce(phone_key, '') || ' ' || coalesce(lower(tax_id_key), '')`;

/** How a search text is looked for: as written, as the digits of a phone, and as an exact matching key. */
export interface CustomerSearch {
  /** A piece of a name, an email or a tax id, in search form. */
  text: string;
  /** The digits of a phone written any way (`+7 (495) 123-45`, `8 495 123`), as a stored key may contain them. */
  digits: string | null;
  /** Exact keys: a customer matching one of these is ranked first. */
  exact: { taxIdKey: string | null; emailKey: string | null; phoneKey: string | null };
}

/** Reads a search text as the ways a customer may be meant by it; a phone by the platform's one rule (`phoneSearchOf`). */
export function customerSearch(q: string): CustomerSearch {
  const phone = phoneSearchOf(q);
  const text = containsPattern(q);
  const digits = phone ? containsPattern(phone.piece) : null;
  return {
    text,
    digits: digits === text ? null : digits,
    exact: { taxIdKey: normaliseTaxId(q), emailKey: normaliseEmail(q), phoneKey: phone ? normalisePhone(q) : null },
  };
}
