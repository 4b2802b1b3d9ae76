import { AGGREGATE_TABLES, type AggregateName, type AggregateTable } from '../deal-fact/deal-aggregates';
import { allOfTime, type Period } from './report.model';

/**
 * Which table answers a query on one aggregate (ADR 0012, third amendment): the first rollup — they are declared
 * smallest first — that holds every column the query filters or groups on, else the full-key day rows (a filter
 * on `source`, which no rollup keeps, or the forecast's expected month for one manager). Over all of time
 * (`allTime`), an all-time rollup that holds them comes first: its rows are already grouped by them (ADR 0012,
 * fourteenth amendment). `rollups` false: the full-key rows whatever the query (the reader's `days` mode, to compare).
 */
export function tableFor(aggregate: AggregateName, columns: readonly string[], rollups = true, allTime = false): AggregateTable {
  // A rollup's year and all-time tables are read through its rollup (`yearsTableOf`, `everTableOf`): they hold its keys.
  const tables = AGGREGATE_TABLES.filter((table) => table.aggregate === aggregate && !table.years && (!table.ever || table.rollup?.allTime));
  const holds = (table: AggregateTable): boolean => columns.every((column) => table.keys.some(([key]) => key === column));
  const rollup = (table: AggregateTable): boolean => table.rollup !== null && holds(table);
  return (
    (rollups && allTime && tables.find((table) => table.ever && rollup(table))) ||
    (rollups && tables.find((table) => !table.ever && rollup(table))) ||
    tables.find((table) => table.rollup === null)!
  );
}

/**
 * How a rollup answers a period of whole UTC days (ADR 0012, third and seventh amendments): all of time from its
 * all-time rows (`ever`); else the whole years within the period from its year rows, the whole months before the
 * first and after the last whole year from its month rows, and the days before the first and after the last whole
 * month from the full-key day rows. `years` null: the period holds no whole year.
 */
export type PeriodSlices = { ever: true } | { ever: false; years: Period | null; months: Period[]; days: Period[] };

export function periodSlices(period: Period): PeriodSlices {
  if (allOfTime(period)) return { ever: true };
  const [months, days] = split(period, monthDown, monthUp);
  if (months === null) return { ever: false, years: null, months: [], days };
  const [years, monthsAround] = split(months, yearDown, yearUp);
  return years === null ? { ever: false, years: null, months: [months], days } : { ever: false, years, months: monthsAround, days };
}

/**
 * A period cut at units (months or years): the whole units within it, or null if it holds none, and the parts
 * before the first and after the last whole unit.
 */
function split(period: Period, down: (time: number) => number, up: (time: number) => number): [Period | null, Period[]] {
  const first = period.from === null ? null : up(period.from);
  const last = period.to === null ? null : down(period.to);
  if (first !== null && last !== null && first >= last) return [null, [period]];
  const edges: Period[] = [];
  if (period.from !== null && first! > period.from) edges.push({ from: period.from, to: first });
  if (period.to !== null && last! < period.to) edges.push({ from: last, to: period.to });
  return [{ from: first, to: last }, edges];
}

/** The first moment of the month of `time` (UTC). */
function monthDown(time: number): number {
  const date = new Date(time);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

/** `time` if it starts a month, else the start of the next month. */
function monthUp(time: number): number {
  const start = monthDown(time);
  return start === time ? time : Date.UTC(new Date(time).getUTCFullYear(), new Date(time).getUTCMonth() + 1, 1);
}

/** The first moment of the year of `time` (UTC). */
function yearDown(time: number): number {
  return Date.UTC(new Date(time).getUTCFullYear(), 0, 1);
}

/** `time` if it starts a year, else the start of the next year. */
function yearUp(time: number): number {
  const start = yearDown(time);
  return start === time ? time : Date.UTC(new Date(time).getUTCFullYear() + 1, 0, 1);
}
