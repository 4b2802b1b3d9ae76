import { AGGREGATE_TABLES, type AggregateName, type AggregateTable } from '../deal-fact/deal-aggregates';
import type { Period } from './report.model';

/**
 * Which table answers a query on one aggregate (ADR 0012, third amendment): the first rollup — they are declared
 * smallest first — that holds every column the query filters or groups on, else the full-key day rows (a filter
 * on `source`, which no rollup keeps, or the forecast's expected month for one manager). `rollups` false: the
 * full-key rows whatever the query (the reader's `days` mode, to compare).
 */
export function tableFor(aggregate: AggregateName, columns: readonly string[], rollups = true): AggregateTable {
  const tables = AGGREGATE_TABLES.filter((table) => table.aggregate === aggregate);
  const holds = (table: AggregateTable): boolean => columns.every((column) => table.keys.some(([key]) => key === column));
  return (rollups && tables.find((table) => table.rollup !== null && holds(table))) || tables.find((table) => table.rollup === null)!;
}

/**
 * How a rollup answers a period of whole UTC days: all of time from its all-time rows (`ever`), else the whole
 * months within the period from its month rows and the days before the first and after the last whole month from
 * the full-key day rows. `months` null: the period holds no whole month, every day comes from the day rows.
 */
export type PeriodSlices = { ever: true } | { ever: false; months: Period | null; days: Period[] };

export function periodSlices(period: Period): PeriodSlices {
  if (period.from === null && period.to === null) return { ever: true };
  const first = period.from === null ? null : monthUp(period.from);
  const last = period.to === null ? null : monthDown(period.to);
  if (first !== null && last !== null && first >= last) return { ever: false, months: null, days: [period] };
  const days: Period[] = [];
  if (period.from !== null && first! > period.from) days.push({ from: period.from, to: first });
  if (period.to !== null && last! < period.to) days.push({ from: last, to: period.to });
  return { ever: false, months: { from: first, to: last }, days };
}

/** The first moment of the month of `time` (UTC). */
function monthDown(time: number): number {
  const date = new Date(time);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

/** `time` if it starts a month, else the start of the next month. */
function monthUp(time: number): number {
  const start = monthDown(time);
  if (start === time) return time;
  const date = new Date(time);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}
