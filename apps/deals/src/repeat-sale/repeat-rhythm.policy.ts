const DAY_MS = 86_400_000;

/** A customer's buying rhythm, learned from the dates of its purchases. */
export interface Rhythm {
  /** Purchase days: purchases made on the same day count as one. */
  purchases: number;
  lastPurchaseAt: Date;
  medianIntervalDays: number;
  /** Midnight UTC of the day the next purchase is expected: also the key of "once per expected purchase". */
  nextExpectedAt: Date;
}

function utcDay(date: Date): number {
  return Math.floor(date.getTime() / DAY_MS);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * The rhythm of a customer with purchases on two or more days, or null. The median interval between
 * consecutive purchase days resists one odd gap (an irregular buyer); the next purchase is expected that many
 * days (rounded) after the last one.
 */
export function rhythmOf(purchaseDates: readonly Date[]): Rhythm | null {
  if (purchaseDates.length === 0) return null;
  const days = [...new Set(purchaseDates.map(utcDay))].sort((a, b) => a - b);
  if (days.length < 2) return null;
  const intervals = days.slice(1).map((day, i) => day - days[i]);
  const medianIntervalDays = Math.round(median(intervals) * 100) / 100;
  const lastPurchaseAt = new Date(Math.max(...purchaseDates.map((date) => date.getTime())));
  const nextExpectedAt = new Date((days[days.length - 1] + Math.round(medianIntervalDays)) * DAY_MS);
  return { purchases: days.length, lastPurchaseAt, medianIntervalDays, nextExpectedAt };
}

/** True when the next purchase is `leadDays` away or less (or already overdue) at `now`. */
export function isDue(rhythm: Rhythm, now: Date, leadDays: number): boolean {
  return rhythm.nextExpectedAt.getTime() - now.getTime() <= leadDays * DAY_MS;
}
