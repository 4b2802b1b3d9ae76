import { escapeLike, MIN_TRIGRAM_TERM, phoneSearchOf, searchText, wordStartPattern } from '@saleswire/database';
import { normalizeEmail } from '../duplicate/contact-identity';

/**
 * What `q` looks for (API.md `q=`; issue 16, ADR 0019): a piece of the contact's or company's name (any case,
 * Cyrillic `ё` as `е`), a whole or partial email, or a phone written any way (compared by the platform's phone
 * rule, `phoneKey`). A whole email or phone is an exact key: the leads holding it are the answer. A term of two
 * characters holds no trigram: it finds the words that start with it (`Ol` finds Olga and «Олимп» when typed `Ол`).
 */
export interface LeadSearch {
  /** LIKE patterns over the search key (escaped, `%…%`); a lead matches any of them. */
  patterns: string[];
  /** For a term of two characters instead of patterns: a regular expression finding a word that starts with it. */
  wordStart: string | null;
  /** The whole email asked for, as leads store it normalised; null when `q` is no email. */
  exactEmail: string | null;
  /** The whole phone asked for, as leads store its key (`phone_norm`); null when `q` is no phone. */
  exactPhone: string | null;
}

/**
 * The search key of a lead in SQL, on the alias given: a stored column (migration 1765200000010) holding the
 * contact's name, email and phone (also its key), the company's name and tax id, lower case, `ё` as `е`, with
 * the trigram index the list's `q` is answered from.
 */
export function leadSearchKeySql(alias: string): string {
  return `${alias}.search_key`;
}

export function leadSearchOf(q: string): LeadSearch {
  const text = searchText(q.trim().replace(/\s+/g, ' '));
  if ([...text].length < MIN_TRIGRAM_TERM) return { patterns: [], wordStart: wordStartPattern(text), exactEmail: null, exactPhone: null };
  const patterns = [`%${escapeLike(text)}%`];
  const phone = phoneSearchOf(text);
  // The key holds the phone's key (`phone_norm`), so its digits find a phone however either was written.
  if (phone && phone.piece !== text) patterns.push(`%${phone.piece}%`);
  const exactEmail = /^[^\s@]+@[^\s@]+$/.test(text) ? normalizeEmail(text) : null;
  return { patterns, wordStart: null, exactEmail, exactPhone: phone?.key ?? null };
}
