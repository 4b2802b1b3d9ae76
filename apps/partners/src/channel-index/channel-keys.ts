import type { MatchKey } from '@saleswire/contracts';
import { domainToASCII } from 'node:url';
import { PUBLIC_MAIL_DOMAINS } from './public-mail-domains';

/*
 * What makes two channels' customers the same (API.md, Partners): the normalised tax id, the domain of an email or
 * a web site (never a public mail domain), the company name without case, punctuation or legal form. Each is a key
 * `<kind>:<value>` (`t:7707083893`, `d:northwind.example`, `n:northwind`); the channel index stores every record's
 * keys and a registration conflicts with a record that shares one.
 */

const KEY_PREFIX: Readonly<Record<MatchKey, string>> = { tax_id: 't', domain: 'd', name: 'n' };
const BY_PREFIX: ReadonlyMap<string, MatchKey> = new Map(Object.entries(KEY_PREFIX).map(([kind, prefix]) => [prefix, kind as MatchKey]));

/** Legal forms written as several words; removed before the name is cut into words. Lower case, `ё` as `е`. */
const LEGAL_PHRASES = [
  'общество с ограниченной ответственностью',
  'закрытое акционерное общество',
  'открытое акционерное общество',
  'публичное акционерное общество',
  'непубличное акционерное общество',
  'акционерное общество',
  'индивидуальный предприниматель',
  'некоммерческая организация',
  'limited liability company',
  'limited liability partnership',
  'public limited company',
  'gesellschaft mit beschrankter haftung',
  'gesellschaft mit beschränkter haftung',
  'societe anonyme',
  'société anonyme',
  'sp z oo',
  'spółka z ograniczoną odpowiedzialnością',
];

/** Legal forms written as one word (dots already dropped: `S.A.` is `sa`, `L.L.C.` is `llc`). */
const LEGAL_WORDS = new Set([
  // Russian and other CIS forms, and their Latin spellings
  'ооо', 'оао', 'зао', 'пао', 'нао', 'ао', 'ип', 'нко', 'ано', 'тоо', 'чп', 'одо', 'уп', 'фгуп', 'гуп', 'муп',
  'ooo', 'oao', 'zao', 'pao',
  // English
  'llc', 'ltd', 'limited', 'inc', 'incorporated', 'corp', 'corporation', 'co', 'company', 'plc', 'llp', 'lp', 'pty', 'pte',
  // German-speaking countries
  'gmbh', 'ag', 'kg', 'ohg', 'ug', 'ev', 'kgaa', 'mbh',
  // French, Spanish, Italian, Portuguese
  'sa', 'sas', 'sasu', 'sarl', 'eurl', 'sl', 'srl', 'spa', 'snc', 'lda', 'ltda',
  // Dutch, Nordic, others
  'bv', 'nv', 'oy', 'oyj', 'ab', 'as', 'asa', 'aps', 'se', 'kft', 'zrt', 'sro', 'doo', 'spzoo',
]);

/** Tax ids compare without case, spaces, dots, slashes or dashes: `77-07 083.893` is `7707083893`. */
export function normaliseTaxId(taxId: string | null | undefined): string | null {
  const key = (taxId ?? '').replace(/[\s.\-/]/g, '').toUpperCase();
  return key.length >= 4 ? key : null;
}

/** A host name as compared: lower case, in its ASCII (punycode) form, without `www.` or a trailing dot. */
function normaliseHost(host: string): string | null {
  const ascii = domainToASCII(host.trim().toLowerCase().replace(/\.$/, ''));
  const bare = ascii.replace(/^www\./, '');
  return bare.includes('.') ? bare : null;
}

/** Whether anyone can have an address at this domain (public-mail-domains.ts). */
export function isPublicMailDomain(domain: string): boolean {
  return PUBLIC_MAIL_DOMAINS.has(domain);
}

/** The domain of an email address, or null for none or a public mail domain. */
export function emailDomain(email: string | null | undefined): string | null {
  const at = (email ?? '').lastIndexOf('@');
  if (at < 0) return null;
  const domain = normaliseHost(email!.slice(at + 1));
  return domain && !isPublicMailDomain(domain) ? domain : null;
}

/** The domain of a web site given as a URL or a bare host (`https://www.northwind.example/about`, `northwind.example`). */
export function websiteDomain(website: string | null | undefined): string | null {
  const value = (website ?? '').trim();
  if (!value) return null;
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
    const domain = normaliseHost(url.hostname);
    return domain && !isPublicMailDomain(domain) ? domain : null;
  } catch {
    return null;
  }
}

/**
 * A company name as compared: lower case with `ё` as `е`, legal forms (LLC, Ltd, GmbH, AG, SA, ООО, ОАО, ЗАО, ПАО,
 * ИП … and their long forms) and punctuation (quotes «», dots, dashes) removed, the remaining words joined without
 * spaces, so that `ООО «Ромашка»`, `Ромашка, ООО` and `ромашка` are one key and `North-Wind Ltd.` is `northwind`.
 * Null when nothing distinctive is left (a name that was only a legal form, or a single character).
 */
export function normaliseCompanyName(name: string | null | undefined): string | null {
  let text = (name ?? '').normalize('NFKC').toLowerCase().replace(/ё/g, 'е');
  // Dots and apostrophes join what they separate: `S.A.` is `sa`, `O'Brien` is `obrien`.
  text = text.replace(/[.'’`]/g, '');
  text = text.replace(/[^\p{L}\p{N}]+/gu, ' ');
  // Split only where a phrase is: splitting and joining every name by each phrase was most of an import's key-making.
  for (const phrase of LEGAL_PHRASES) if (text.includes(phrase)) text = ` ${text} `.split(` ${phrase} `).join(' ');
  const words = text.split(' ').filter((word) => word && !LEGAL_WORDS.has(word));
  const key = words.join('');
  return key.length >= 2 ? key : null;
}

/** A customer as a registration, a lead or a customer record describes it. */
export interface CustomerIdentity {
  name?: string | null;
  taxId?: string | null;
  email?: string | null;
  website?: string | null;
}

/** Every matching key of a customer, each once, strongest kind first. */
export function channelKeys(customer: CustomerIdentity): string[] {
  const keys: string[] = [];
  const taxId = normaliseTaxId(customer.taxId);
  if (taxId) keys.push(`${KEY_PREFIX.tax_id}:${taxId}`);
  for (const domain of [emailDomain(customer.email), websiteDomain(customer.website)]) {
    if (domain && !keys.includes(`${KEY_PREFIX.domain}:${domain}`)) keys.push(`${KEY_PREFIX.domain}:${domain}`);
  }
  const name = normaliseCompanyName(customer.name);
  if (name) keys.push(`${KEY_PREFIX.name}:${name}`);
  return keys;
}

/** What a key matches on: `t:…` a tax id, `d:…` a domain, `n:…` a name. */
export function matchKeyOf(key: string): MatchKey {
  const kind = BY_PREFIX.get(key.slice(0, key.indexOf(':')));
  if (!kind) throw new Error(`not a channel key: ${key}`);
  return kind;
}
