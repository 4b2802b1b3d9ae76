/**
 * A phone's key (issue 16, ADR 0019): one number written any way is one key, for duplicate leads, repeat
 * customers (the leads service's customer index and the deals service's customers) and search alike. Every
 * service calls this function; none keeps a rule of its own.
 *
 * The key is the number's digits, country code first when the spelling says which it is (E.164 without `+`):
 *
 * - `+` then digits: international as written. `+7 (916) 123-45-67` is `79161234567`.
 * - `00` then digits, without `+`: the international call prefix, dropped. `0049 30 1234567` is `49301234567`.
 * - `8` then ten digits, without `+`, the first of the ten 3–9: the Russian (and Kazakh) trunk prefix, which
 *   stands for `+7`. `8 916 123-45-67` is `79161234567`, `8 800 555-35-35` is `78005553535`. After `81`/`82`
 *   (Japan's and Korea's codes written without `+`) no Russian area code follows, so those are left alone.
 * - Anything else: its digits as they are. A national number of an unknown country is not guessed at:
 *   `916 123-45-67` stays `9161234567` and `030 1234567` stays `0301234567` (search still finds them by a piece).
 *
 * Fewer than 5 digits is no key. A key is not a phone: do not normalise a key again (`+84 912 345 678` is
 * `84912345678`, which read as a written phone would be a Russian number).
 */
export function phoneKey(phone: string | null | undefined): string | null {
  if (!phone) return null;
  let digits = phone.replace(/\D/g, '');
  if (!/^\s*\+/.test(phone)) {
    if (digits.startsWith('00')) digits = digits.slice(2);
    else if (RUSSIAN_TRUNK.test(digits)) digits = `7${digits.slice(1)}`;
  }
  return digits.length >= MIN_KEY_DIGITS ? digits : null;
}

/** The trunk prefix 8 before a ten-digit Russian number (area codes start with 3, 4, 7, 8 or 9; 5 and 6 are unused). */
const RUSSIAN_TRUNK = /^8[3-9]\d{9}$/;
const MIN_KEY_DIGITS = 5;

/** A search text that is only digits and a phone's punctuation is read as a phone (a name with a number is not). */
const PHONE_LIKE = /^\s*\+?[\d\s()\-./]+$/;
/** A piece of a phone needs this many digits before it is searched for (fewer match a good part of any table). */
const MIN_PIECE_DIGITS = 3;

/** How a search text is looked for when it is a phone: its exact key and the run of digits a stored key may contain. */
export interface PhoneSearch {
  /** The whole phone's key (`phoneKey`), when `q` has enough digits to be one. */
  key: string | null;
  /** The digits to look for inside stored keys: a piece of a phone, or a whole one stored with or without its country. */
  piece: string;
}

/**
 * `q` read as a phone by `phoneKey`'s rule, or null when it is no phone. The piece searched for leaves out what
 * a stored key may spell differently: a whole Russian number is looked for by its ten national digits (found in
 * `79161234567` and in a `916 123-45-67` stored without its country), a piece typed after a trunk `8` without it
 * (`8 916 123` finds `79161234567`), an international `00` without it.
 */
export function phoneSearchOf(q: string): PhoneSearch | null {
  if (!PHONE_LIKE.test(q)) return null;
  const digits = q.replace(/\D/g, '');
  if (digits.length < MIN_PIECE_DIGITS) return null;
  const key = phoneKey(q);
  const plus = /^\s*\+/.test(q);
  let piece = digits;
  if (key && RUSSIAN_KEY.test(key)) piece = key.slice(1);
  else if (!plus && digits.startsWith('00')) piece = digits.slice(2);
  else if (!plus && /^8[3-9]/.test(digits)) piece = digits.slice(1);
  return { key, piece: piece.length >= MIN_PIECE_DIGITS ? piece : digits };
}

/** A whole number of the Russian (and Kazakh) numbering plan: `7` and ten digits. */
const RUSSIAN_KEY = /^7\d{10}$/;
