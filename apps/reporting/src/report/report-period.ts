import type { ReportFilterV1 } from '@saleswire/contracts';
import { monthOf } from './forecast.metric';
import type { Period } from './report.model';

/** The moment a report describes: `asOf`, or now. */
export function momentOf(filter: Pick<ReportFilterV1, 'asOf'>, now = Date.now()): Date {
  return new Date(filter.asOf ? Math.min(Date.parse(filter.asOf), now) : now);
}

export function periodOf(filter: Pick<ReportFilterV1, 'from' | 'to'>): Period {
  return { from: filter.from ? Date.parse(filter.from) : null, to: filter.to ? Date.parse(filter.to) : null };
}

/** The months whose plans a period is measured against: those it touches, or the month of the report's moment. */
export function planMonths(period: Period, at: Date, most = 120): string[] {
  const last = period.to !== null ? period.to - 1 : at.getTime();
  const first = period.from ?? last;
  if (first > last) return [monthOf(first)];
  const months: string[] = [];
  const cursor = new Date(Date.UTC(new Date(first).getUTCFullYear(), new Date(first).getUTCMonth(), 1));
  while (cursor.getTime() <= last && months.length < most) {
    months.push(cursor.toISOString().slice(0, 7));
    cursor.setUTCMonth(cursor.getUTCMonth() + 1);
  }
  return months;
}
