import { containsPattern, searchTextSql } from '@saleswire/database';
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
  /** The digits of a phone written any way (`+7 (495) 123-45`), when there are enough of them to mean one. */
  digits: string | null;
  /** Exact keys: a customer matching one of these is ranked first. */
  exact: { taxIdKey: string | null; emailKey: string | null; phoneKey: string | null };
}

/** Reads a search text as the ways a customer may be meant by it. */
export function customerSearch(q: string): CustomerSearch {
  const digits = q.replace(/\D/g, '');
  // A text that is mostly digits and phone punctuation is a phone; a name with a number in it is not.
  const phoneLike = /^[\d\s()+\-.]+$/.test(q.trim()) && digits.length >= 5;
  return {
    text: containsPattern(q),
    digits: phoneLike ? containsPattern(digits.replace(/^00/, '')) : null,
    exact: { taxIdKey: normaliseTaxId(q), emailKey: normaliseEmail(q), phoneKey: phoneLike ? normalisePhone(q) : null },
  };
}
