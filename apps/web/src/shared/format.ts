// Amounts and dates as the user's locale writes them (Intl), one place for the whole app.
import type { Money } from '../api/views';

/** The locale the browser prefers, or English where none is known (tests, servers). */
export function userLocale(): string {
  return globalThis.navigator?.language || 'en';
}

/** An amount in its currency, as the locale writes it: `1.234,50 €` in de-DE, `€1,234.50` in en-IE. */
export function formatMoney(value: number, currency: string, locale = userLocale()): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(value);
  } catch {
    // An unknown currency code: the number in the locale's way, then the code.
    return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value)} ${currency}`;
  }
}

/** Sums per currency, in the order the currencies first appear; items without a currency or amount are skipped. */
export function sumByCurrency(items: Iterable<{ amount?: number | null; currency?: string | null }>): Money[] {
  const sums = new Map<string, number>();
  for (const { amount, currency } of items) {
    if (amount === null || amount === undefined || !currency) continue;
    // Cents, so that 0.1 + 0.2 is 0.3.
    sums.set(currency, (sums.get(currency) ?? 0) + Math.round(amount * 100));
  }
  return [...sums].map(([currency, cents]) => ({ currency, value: cents / 100 }));
}

/** Several currencies' sums on one line: `€1,200.00 · $300.00`; an empty list is a dash. */
export function formatMoneyList(sums: Money[], locale = userLocale()): string {
  return sums.length === 0 ? '—' : sums.map((sum) => formatMoney(sum.value, sum.currency, locale)).join(' · ');
}

/** A calendar date (`2026-12-01` or a timestamp) as the locale writes it. */
export function formatDate(value: string | null | undefined, locale = userLocale()): string {
  if (!value) return '—';
  // A bare date is a calendar day, not midnight UTC: format it as such in any time zone.
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00`) : new Date(value);
  return Number.isNaN(date.getTime()) ? value : new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(date);
}

/** A moment as the locale writes it, to the minute. */
export function formatDateTime(value: string | null | undefined, locale = userLocale()): string {
  if (!value) return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** A percentage from a fraction (0.25 → 25 %) or, when `isFraction` is false, from a whole number. */
export function formatPercent(value: number | null | undefined, isFraction = true, locale = userLocale()): string {
  if (value === null || value === undefined) return '—';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(isFraction ? value : value / 100);
}

/** A code such as `inbound_call` as words: `inbound call`. */
export function humanize(code: string | null | undefined): string {
  return code ? code.replace(/_/g, ' ') : '—';
}

/**
 * An aggregated answer's warnings (API.md: `warnings: [{ service, problem }]`) as one sentence naming the services
 * whose parts are missing, or null when there are none. A warning says that a part did not come — its service was
 * away, slow, or could not compute it — so the sentence says only that, not that the service was slow.
 */
export function missingPartsSentence(what: string, warnings: ReadonlyArray<{ service: string }>): string | null {
  const services = [...new Set(warnings.map((warning) => warning.service))];
  if (services.length === 0) return null;
  const names = services.length === 1 ? services[0] : `${services.slice(0, -1).join(', ')} and ${services[services.length - 1]}`;
  return `${what} missing for now: ${names} could not give ${services.length === 1 ? 'its part' : 'their parts'}. The rest is shown; load again to try again.`;
}
