import { escapeLike, searchText } from '@saleswire/database';
import { normalizeEmail } from '../duplicate/contact-identity';

/**
 * What `q` looks for (API.md `q=`; issue 16): a piece of the contact's or company's name (any case, Cyrillic
 * `ё` as `е`), a whole or partial email, or a phone written any way (only its digits compare). A whole email or
 * phone is an exact key: leads holding it come first.
 */
export interface LeadSearch {
  /** LIKE patterns over the search key (escaped, `%…%`); a lead matches any of them. */
  patterns: string[];
  /** The whole email asked for, as leads store it normalised; null when `q` is no email. */
  exactEmail: string | null;
  /** The whole phone asked for, as leads may store it (`+` kept or not); empty when `q` is no phone. */
  exactPhones: string[];
}

/**
 * The search key of a lead in SQL, on the alias given: a stored column (migration 1765200000010) holding the
 * contact's name, email and phone (also as digits), the company's name and tax id, lower case, `ё` as `е`, with
 * the trigram index the list's `q` is answered from.
 */
export function leadSearchKeySql(alias: string): string {
  return `${alias}.search_key`;
}

/** A phone needs this many digits before digits alone are searched (fewer match half the table). */
const MIN_PHONE_DIGITS = 3;

export function leadSearchOf(q: string): LeadSearch {
  const text = searchText(q.trim().replace(/\s+/g, ' '));
  const patterns = [`%${escapeLike(text)}%`];
  const phoneLike = /^[\d\s()+\-./]+$/.test(text);
  const digits = text.replace(/\D/g, '');
  let exactPhones: string[] = [];
  if (phoneLike && digits.length >= MIN_PHONE_DIGITS) {
    // The key holds the phone's digits (`phone_norm`), so digits find a phone however it was written.
    if (digits !== text) patterns.push(`%${digits}%`);
    exactPhones = [digits, `+${digits}`];
  }
  const exactEmail = /^[^\s@]+@[^\s@]+$/.test(text) ? normalizeEmail(text) : null;
  return { patterns, exactEmail, exactPhones };
}
