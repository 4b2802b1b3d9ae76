import type { ReportFilterV1 } from '@saleswire/contracts';
import { queryNamed, readWithSettings, tableOf, type StatementFold } from '@saleswire/database';
import type { DataSource } from 'typeorm';
import { BIG_SUMS, everTableOf, PARTNER_MOMENTS, yearsTableOf, type AggregateName, type AggregateTable } from '../deal-fact/deal-aggregates';
import type { LeadSourceCount, LeadSourceWins } from './lead-sources.metric';
import type { PartnerActivity, PartnerSums } from './partners.metric';
import { periodSlices, tableFor } from './aggregate-table.policy';
import type { DealTotals, FlowRow, FunnelRow, OpenRow, VisitRow, WonMonthRow } from './deal-totals';
import { Conditions, dimensions, restrictions } from './report-conditions';
import type { TotalsRequest } from './report-facts.reader';
import { allOfTime, DAY_MS, type Period } from './report.model';

interface SumsRow {
  n: number;
  n_amount: number;
  cents: string;
}

/** A sum over one aggregate: grouped by `group` (`month`: the month of `day`), some columns fixed, over a time. */
interface AggregateQuery {
  aggregate: AggregateName;
  group: readonly string[];
  /** Columns fixed to a value, or to one of a list's values. */
  equals?: Readonly<Record<string, unknown>>;
  notNull?: readonly string[];
  /** Grouped by `currency`, only the rows of these kinds keep it: the others are summed over every currency (null). */
  currencyOf?: readonly string[];
  /** A period of whole days; `ever`: every row; `months`: every month row, grouped by month; `none`: no day. */
  time: Period | 'ever' | 'months' | 'none';
  /** Grouped by partner, kind and currency, answered as one row a partner (`perPartner`). */
  perPartner?: true;
}

/** A partner's sums as `perPartner` answers them. */
interface PartnerSumsRow {
  partner_id: string;
  n: string;
  conflicts: number;
  money: string;
}

/**
 * The rows of a sum grouped by partner, kind and currency, added up per partner by `partnerSumsOf`'s rule (ADR 0012,
 * twenty-second amendment): each kind's count as `kind n` pairs, the conflicts, and the money of the rows with a
 * currency (and, where the aggregate counts them, an amount) as `kind currency cents` triples. One row a partner to
 * parse rather than a dozen: the partners report at a million deals read 3,000 rows of six columns, and parsing them
 * was a third of reporting's CPU for it (docs/benchmarks.md, "2026-12-06"). Kinds and currencies have no spaces.
 */
function perPartner(grouped: string, sums: readonly string[]): string {
  const conflicts = sums.includes('conflicts') ? 'sum(conflicts)::int' : '0';
  const withAmount = sums.includes('n_amount') ? ' AND n_amount > 0' : '';
  return `SELECT partner_id, string_agg(kind || ' ' || n, ' ') AS n, ${conflicts} AS conflicts,
            coalesce(string_agg(kind || ' ' || currency || ' ' || cents, ' ') FILTER (WHERE currency IS NOT NULL${withAmount}), '') AS money
       FROM (${grouped}) AS sums WHERE partner_id IS NOT NULL GROUP BY partner_id`;
}

function partnerSumsOfRow(row: PartnerSumsRow): PartnerSums {
  const n: Record<string, number> = {};
  const counts = row.n.split(' ');
  for (let index = 0; index < counts.length; index += 2) n[counts[index]] = (n[counts[index]] ?? 0) + Number(counts[index + 1]);
  const money: PartnerSums['money'] = [];
  const amounts = row.money === '' ? [] : row.money.split(' ');
  for (let index = 0; index < amounts.length; index += 3) money.push({ kind: amounts[index], currency: amounts[index + 1], cents: Number(amounts[index + 2]) });
  return { partnerId: row.partner_id, n, conflicts: row.conflicts, money };
}

const dayOf = (time: number): string => new Date(time).toISOString().slice(0, 10);

/**
 * Above this many rows a constant sum's answer is read as rows on a connection of its own rather than folded as JSON
 * (see `summed`): PostgreSQL 15 writes a folded row as JSON at 2–3 µs more than it sends it as a row, and a statement
 * of its own costs a dashboard about half a millisecond of CPU more (docs/benchmarks.md, "2026-12-05").
 */
export const FOLDED_ROWS = 200;

/** A won deal's cycle in ms as the projection took it: floor(won) − floor(opened), whatever the moments' microseconds. */
const CYCLE_MS = `floor(extract(epoch FROM d.won_at) * 1000) - floor(extract(epoch FROM d.opened_at) * 1000)`;

/** The facts' deals (`d`) won in the period, within the filter. */
function wonIn(filter: ReportFilterV1, period: Period): Conditions {
  const where = dimensions(new Conditions().raw('d.won_at IS NOT NULL'), filter, 'd.');
  if (period.from !== null) where.add((p) => `d.won_at >= ${p}`, new Date(period.from));
  if (period.to !== null) where.add((p) => `d.won_at < ${p}`, new Date(period.to));
  return where;
}

/**
 * The deals' totals from the pre-aggregated rows (ADR 0012, second and third amendments): each sum one statement
 * grouped in PostgreSQL over the smallest table that can answer it, a few rows shipped. `rollups` false: the
 * full-key day rows only.
 */
export class AggregateTotalsReader {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sums: StatementFold,
    private readonly rollups: boolean,
    /** How many rows each constant sum answered last time, by its text (kept by the caller across moments). */
    private readonly answered: Map<string, number>,
  ) {}

  /**
   * One sum over an aggregate as one statement: from the smallest table that holds every column the query filters
   * or groups on (`tableFor`); on a rollup, a period's whole years from its year rows, its other whole months from
   * its month rows and its other days from the full-key day rows (`periodSlices`), added up by PostgreSQL, which
   * ships only the grouped rows.
   */
  private async summed<T>(filter: ReportFilterV1, query: AggregateQuery, read: Set<string>): Promise<T[]> {
    const raw = [...new Set(query.group.map((column) => (column === 'month' ? 'day' : column)))];
    const needed = [...raw.filter((column) => column !== 'day'), ...Object.keys(query.equals ?? {}), ...(query.notNull ?? []), ...restrictions(filter).map(([column]) => column)];
    const time = query.time;
    const allTime = time === 'ever' || time === 'none' || (typeof time === 'object' && allOfTime(time));
    const target = tableFor(query.aggregate, needed, this.rollups, allTime);
    const full = tableFor(query.aggregate, [], false);
    const params: unknown[] = [];
    const parts: string[] = [];
    const part = (table: AggregateTable, time: (where: Conditions) => void): void => {
      const where = dimensions(new Conditions(params), filter, '');
      for (const [column, value] of Object.entries(query.equals ?? {})) where.add((p) => (Array.isArray(value) ? `${column} = ANY(${p})` : `${column} = ${p}`), value);
      for (const column of query.notNull ?? []) where.raw(`${column} IS NOT NULL`);
      time(where);
      read.add(table.table);
      parts.push(`SELECT ${[...raw, ...table.sums].join(', ')} FROM ${this.table(table.table)} ${where.where()}`);
    };
    let bounded = false;
    const days = (range: Period) => (where: Conditions) => {
      if (range.from !== null) where.add((p) => `day >= ${p}::date`, dayOf(range.from));
      if (range.to !== null) where.add((p) => `day < ${p}::date`, dayOf(range.to));
      bounded ||= range.from !== null || range.to !== null;
    };
    if (time === 'none') part(target, () => undefined);
    else if (target.rollup === null) part(target, typeof time === 'string' ? () => undefined : days(time));
    else if (time === 'ever') part(everTableOf(target), () => undefined);
    else if (time === 'months') part(target, (where) => where.raw('NOT year'));
    else {
      const slices = periodSlices(time);
      if (slices.ever) part(everTableOf(target), () => undefined);
      else {
        const years = slices.years;
        if (years) {
          part(yearsTableOf(target), (where) => {
            where.raw('year');
            days(years)(where);
          });
        }
        for (const range of slices.months) {
          part(target, (where) => {
            where.raw('NOT year');
            days(range)(where);
          });
        }
        for (const range of slices.days) part(full, days(range));
      }
    }
    const sums = target.sums.map((sum) => (BIG_SUMS.has(sum) ? `sum(${sum})::text AS ${sum}` : `sum(${sum})::int AS ${sum}`));
    const groups = query.group.map((column) => {
      if (column === 'month') return `to_char(day, 'YYYY-MM') AS month`;
      // The kinds are the code's own words, never the caller's.
      if (column === 'currency' && query.currencyOf) return `CASE WHEN kind IN (${query.currencyOf.map((kind) => `'${kind}'`).join(', ')}) THEN currency END AS currency`;
      return column;
    });
    const grouped = `SELECT ${[...groups, ...sums].join(', ')} FROM (${parts.join(' UNION ALL ')}) AS agg
        ${groups.length ? `GROUP BY ${groups.map((_, index) => index + 1).join(', ')}` : ''} HAVING ${target.sums.map((sum) => `sum(${sum}) <> 0`).join(' OR ')}`;
    const sql = query.perPartner ? perPartner(grouped, target.sums) : grouped;
    // Unfiltered and unbounded (the dashboard's, a report of everything up to now), its values are the report's own
    // constants and it reads few rows (the all-time rows, the open deals', the months'): it is named, planned once
    // per connection rather than per report, and read with the other such sums the moment's reports ask for in this
    // turn, as one statement (`StatementFold`; every column here an int, the text of a big sum, text, a boolean or a
    // uuid). With a filter's or a period's values, the plan made for them is kept (at a million deals a generic plan
    // of a year's partner rows ran 225 ms against 143 for the custom one, docs/benchmarks.md), and it runs on a
    // connection of its own, beside the report's others rather than after them. So does a constant sum whose answer
    // was more than `FOLDED_ROWS` rows last time (one by owner, partner or expected month, as the team, the channel
    // and the calendar grow): PostgreSQL 15 writes a folded row as JSON at about twice what it costs to send it as a
    // row (the managers' flows by owner at a million deals, 450 rows: 2.8 ms folded against 1.3; the partners' 4,600
    // rows: 20 ms folded, one sum after the other, against 9 on connections of their own, side by side), while for a
    // few rows the statement of its own costs more than their JSON (docs/benchmarks.md, "2026-12-04, evening" and
    // "2026-12-05"). Read as rows, it is still named.
    // A sum per partner is never folded: it answers a row a partner but groups a dozen a partner first (at a million
    // deals, 2–5 ms of PostgreSQL's each); folded, the partners report's two ran one after the other, 7.1 ms in one
    // statement, and its p50 in reporting was 11.8–15.7 ms against 9.1–10.0 side by side (docs/benchmarks.md, "2026-12-06").
    const constant = restrictions(filter).length === 0 && !bounded;
    if (!constant) return this.dataSource.query(sql, params);
    const folded = !query.perPartner && (this.answered.get(sql) ?? 0) <= FOLDED_ROWS;
    const rows = folded ? await this.sums.query<T>(sql, params, true) : await queryNamed<T[]>(this.dataSource, sql, params);
    this.answered.set(sql, rows.length);
    return rows;
  }

  /** The totals a report asks for, and the names of the tables read into `read`. */
  async totals(filter: ReportFilterV1, period: Period, request: TotalsRequest, read: Set<string>): Promise<DealTotals> {
    const sum = <T>(query: AggregateQuery): Promise<Array<T & SumsRow>> => this.summed<T & SumsRow>(filter, query, read);
    const money = (row: SumsRow) => ({ n: row.n, nAmount: row.n_amount, cents: Number(row.cents) });
    const totals: DealTotals = { flows: [], owners: [], partners: [], partnerFlows: [], open: [], funnel: [], visits: [], wonByMonth: [], cycleMiddle: [] };
    // Over all of time, the owners (partners) with any deal are those of the flows by owner (partner) with a deal
    // opened, when the flows read the openings: read from those rows, not by a statement of their own over the same
    // all-time rows.
    const openingsEver = allOfTime(period) && (request.flowKinds?.includes('opened') ?? true);
    const ownersOfFlows = openingsEver && request.owners && request.flows?.includes('owner_id');
    const partnersOfFlows = openingsEver && request.partners && (request.flows?.includes('partner_id') || request.partnerFlows);
    await Promise.all([
      request.flows &&
        sum<{ kind: FlowRow['kind']; currency: string | null; owner_id?: string | null; partner_id?: string | null; is_repeat?: boolean; cycle_ms: string }>({
          aggregate: 'flow',
          group: ['kind', 'currency', ...request.flows],
          ...(request.flowKinds ? { equals: { kind: request.flowKinds } } : {}),
          // Openings and losses are counted, never summed in money (FlowRow): one row for all their currencies.
          currencyOf: ['won'],
          time: period,
        }).then((rows) => {
          totals.flows = rows.map((row) => ({
            kind: row.kind,
            ownerId: row.owner_id ?? null,
            partnerId: row.partner_id ?? null,
            isRepeat: row.is_repeat ?? null,
            currency: row.currency,
            cycleMs: Number(row.cycle_ms),
            ...money(row),
          }));
        }),
      request.partnerFlows &&
        sum<PartnerSumsRow>({
          aggregate: 'flow',
          group: ['kind', 'currency', 'partner_id'],
          ...(request.flowKinds ? { equals: { kind: request.flowKinds } } : {}),
          notNull: ['partner_id'],
          currencyOf: ['won'],
          time: period,
          perPartner: true,
        }).then((rows) => {
          totals.partnerFlows = rows.map(partnerSumsOfRow);
        }),
      request.owners &&
        !ownersOfFlows &&
        sum<{ owner_id: string | null }>({ aggregate: 'flow', group: ['owner_id'], equals: { kind: 'opened' }, time: 'ever' }).then((rows) => {
          totals.owners = rows.map((row) => row.owner_id);
        }),
      request.partners &&
        !partnersOfFlows &&
        sum<{ partner_id: string }>({ aggregate: 'flow', group: ['partner_id'], equals: { kind: 'opened' }, notNull: ['partner_id'], time: 'ever' }).then((rows) => {
          totals.partners = rows.map((row) => row.partner_id);
        }),
      request.open &&
        sum<{ currency: string | null; owner_id?: string | null; pipeline_id?: string; stage?: string | null; probability?: number | null; expected_month?: string | null }>({
          aggregate: 'open',
          group: ['currency', ...request.open.flatMap((column) => (column === 'stage' ? ['pipeline_id', 'stage', 'probability'] : [column]))],
          time: 'none',
        }).then((rows) => {
          totals.open = rows.map(
            (row): OpenRow => ({
              pipelineId: row.pipeline_id ?? null,
              stage: row.stage ?? null,
              probability: row.probability ?? null,
              expectedMonth: row.expected_month ?? null,
              ownerId: row.owner_id ?? null,
              currency: row.currency,
              ...money(row),
            }),
          );
        }),
      request.funnel &&
        sum<{ pipeline_id: string; stages: string; last_stage: string | null; lost: boolean; currency: string | null }>({
          aggregate: 'funnel',
          group: ['pipeline_id', 'stages', 'last_stage', 'lost', 'currency'],
          time: period,
        }).then((rows) => {
          totals.funnel = rows.map(
            (row): FunnelRow => ({ pipelineId: row.pipeline_id, stages: JSON.parse(row.stages) as string[], lastStage: row.last_stage, lost: row.lost, currency: row.currency, ...money(row) }),
          );
        }),
      request.funnel &&
        this.summed<{ stage: string; n: number; ms: string }>(filter, { aggregate: 'visit', group: ['stage'], time: period }, read).then((rows) => {
          totals.visits = rows.map((row): VisitRow => ({ stage: row.stage, n: row.n, ms: Number(row.ms) }));
        }),
      request.wonByMonth &&
        sum<{ month: string; currency: string | null }>({ aggregate: 'flow', group: ['month', 'currency'], equals: { kind: 'won' }, time: 'months' }).then((rows) => {
          totals.wonByMonth = rows.map((row): WonMonthRow => ({ month: row.month, currency: row.currency, ...money(row) }));
        }),
      request.cycleMiddle && this.cycleMiddle(filter, period, read).then((middle) => (totals.cycleMiddle = middle)),
    ]);
    const opened = totals.flows.filter((row) => row.kind === 'opened');
    if (ownersOfFlows) totals.owners = [...new Set(opened.map((row) => row.ownerId))];
    if (partnersOfFlows) {
      totals.partners = request.partnerFlows
        ? totals.partnerFlows.filter((sums) => (sums.n.opened ?? 0) > 0).map((sums) => sums.partnerId)
        : [...new Set(opened.flatMap((row) => (row.partnerId === null ? [] : [row.partnerId])))];
    }
    return totals;
  }

  /**
   * Leads created in the period per owner (their assignee), or all of them under the key null (`byOwner` false), from
   * `lead_agg_created` or its smallest rollup that can answer (ADR 0012, fourth amendment). A lead has no pipeline: a
   * filter on one does not restrict the leads. Not by owner, a rollup without the owner can answer: a partner's
   * summary reads the partner's all-time row rather than every owner's day rows of that partner (2.3 ms at a million).
   */
  async leads(filter: ReportFilterV1, period: Period, byOwner: boolean, read: Set<string>): Promise<Map<string | null, number>> {
    const rows = await this.summed<{ owner_id?: string | null; n: number }>(
      { ...filter, pipelineId: undefined },
      { aggregate: 'lead', group: byOwner ? ['owner_id'] : [], time: period },
      read,
    );
    return new Map(rows.map((row) => [row.owner_id ?? null, row.n]));
  }

  /**
   * The lead-sources report's counts from the leads' rows (the source rollup for a period's whole months and all
   * time): per source and marketing event the leads and the converted, and per currency the won deals and their cents.
   */
  async leadSources(period: Period, read: Set<string>): Promise<{ counts: LeadSourceCount[]; wins: LeadSourceWins[] }> {
    const rows = await this.summed<{ source: string; marketing_event_id: string | null; currency: string | null; n: number; converted: number; won: number; n_amount: number; cents: string }>(
      {},
      { aggregate: 'lead', group: ['source', 'marketing_event_id', 'currency'], time: period },
      read,
    );
    const counts = new Map<string, LeadSourceCount>();
    const wins: LeadSourceWins[] = [];
    for (const row of rows) {
      const key = `${row.source}|${row.marketing_event_id ?? ''}`;
      const count = counts.get(key) ?? { source: row.source, marketingEventId: row.marketing_event_id, leads: 0, converted: 0 };
      count.leads += row.n;
      count.converted += row.converted;
      counts.set(key, count);
      if (row.won !== 0) wins.push({ source: row.source, marketingEventId: row.marketing_event_id, currency: row.currency, won: row.won, cents: row.n_amount > 0 ? Number(row.cents) : null });
    }
    return { counts: [...counts.values()].filter((count) => count.leads !== 0), wins };
  }

  /**
   * The partners' registrations, commissions and offers from `partner_agg_flow` or its rollup (ADR 0012, fifth
   * amendment): the period's sums by partner, kind and currency, and every partner with a record at all (the
   * all-time rows). Only the partner filters them, as it does the facts.
   */
  async partnerActivity(partnerId: string | undefined, period: Period, read: Set<string>): Promise<PartnerActivity> {
    const filter: ReportFilterV1 = partnerId ? { partnerId } : {};
    // The period's moments by partner, kind and currency, and the partners with a record at all: two statements even
    // over all of time, where the first could list the partners from the records' own rows, which it would read with
    // the moments' for nothing else (200 partners: 2,800 rows against 2,200 and 200, docs/benchmarks.md, "2026-12-05,
    // later").
    const [rows, partners] = await Promise.all([
      this.summed<PartnerSumsRow>(filter, { aggregate: 'partner', group: ['partner_id', 'kind', 'currency'], equals: { kind: PARTNER_MOMENTS }, time: period, perPartner: true }, read),
      this.summed<{ partner_id: string }>(filter, { aggregate: 'partner', group: ['partner_id'], time: 'ever' }, read),
    ]);
    return {
      sums: rows.map(partnerSumsOfRow),
      partners: partners.map((row) => row.partner_id),
    };
  }

  /**
   * The middle one or two cycles (won − opened, ms) of the deals won in the period, exactly, without ranking them
   * all (ADR 0012, third amendment): the won deals' count per whole day of cycle (`deal_agg_cycle`, a rollup's few
   * rows) says in which day of cycle each middle rank falls and how many come before it; then only the won deals of
   * that day of cycle are read from the index on the cycle alone (it holds both moments), in order, and the one at the
   * rank taken.
   */
  private async cycleMiddle(filter: ReportFilterV1, period: Period, read: Set<string>): Promise<number[]> {
    const counts = await this.summed<{ cycle_day: number; n: number }>(filter, { aggregate: 'cycle', group: ['cycle_day'], time: period }, read);
    counts.sort((a, b) => a.cycle_day - b.cycle_day);
    const total = counts.reduce((sum, row) => sum + row.n, 0);
    if (total === 0) return [];
    const ranks = total % 2 ? [(total + 1) / 2] : [total / 2, total / 2 + 1];
    // Each rank's day of cycle and its place among that day's won deals (0-based).
    const places = ranks.map((rank) => {
      let before = 0;
      for (const row of counts) {
        if (rank <= before + row.n) return { day: row.cycle_day, offset: rank - before - 1 };
        before += row.n;
      }
      throw new Error(`rank ${rank} beyond the ${total} won deals counted`);
    });
    // The two middle ranks of an even count fall most often on one day of cycle: read together, in one statement (a
    // filtered summary at a million deals read its day of cycle twice, 16–63 ms each).
    const reads: Array<{ day: number; offset: number; count: number }> = [];
    for (const { day, offset } of places) {
      const last = reads[reads.length - 1];
      if (last && last.day === day) last.count += 1;
      else reads.push({ day, offset, count: 1 });
    }
    // Each day of cycle's read at once, beside the other's.
    const answers = await Promise.all(reads.map((read) => this.cyclesOfDay(filter, period, read)));
    // The counts and the facts are read in two snapshots: a batch projected in between may have moved the rank.
    if (answers.some((rows, index) => rows.length < reads[index].count)) return this.cycleMiddleRanked(filter, period);
    return answers.flatMap((rows) => rows.map((row) => Number(row.ms)));
  }

  /** The cycles in ms of `count` won deals of one day of cycle, from its `offset`-th on in the cycle's order. */
  private cyclesOfDay(filter: ReportFilterV1, period: Period, { day, offset, count }: { day: number; offset: number; count: number }): Promise<Array<{ ms: string }>> {
    const where = wonIn(filter, period);
    // The day of cycle in ms is floor(won) − floor(opened), as the projection took it, which differs from the
    // interval won − opened (the index's) by less than 1 ms: its won deals are those whose interval lies in
    // (day − 1 ms, day + 1 day), and of these the ones in [day, day + 1 day − 1 ms) certainly, whatever their moments'
    // microseconds. Only the others (moments finer than a millisecond, near a day's edge) are computed in ms. Until
    // 2026-12-04 the range was a second wider each way and every row's ms computed: where cycles are whole days (the
    // bench's), the next day of cycle's deals, all of them at its very edge, were read too and each computed in
    // numeric — 43 ms of the summary's 68 at 300,000 deals, against 5.
    const interval = `d.won_at - d.opened_at`;
    where.add((p) => `${interval} > ${p}::interval`, `${day * DAY_MS - 1} milliseconds`);
    where.add((p) => `${interval} < ${p}::interval`, `${(day + 1) * DAY_MS} milliseconds`);
    // (`day` is the integer of a row read above; AND binds before OR.)
    where.raw(`(${interval} >= '${day * DAY_MS} milliseconds' AND ${interval} < '${(day + 1) * DAY_MS - 1} milliseconds' OR floor((${CYCLE_MS}) / ${DAY_MS}) = ${day})`);
    // In the index's order, so that PostgreSQL reads the day's won deals in order and stops at the rank (deals of
    // one interval have one cycle in ms, moments being whole ms; finer ones may differ by 1 ms). Unfiltered (the
    // department's summary, the dashboard's), it is told to: its estimate prefers fetching the whole day of cycle
    // and sorting it (17,000 deals, 85–250 ms at a million against 4 ms). Filtered, the filter's index may be the
    // better road: its choice.
    // The cycle in ms computed for the rows kept only, above the OFFSET: computed in the scan, it was computed (in
    // numeric, and made text) for every row skipped on the way to the rank, 3 of the department's median's 4 ms at a
    // million deals (docs/benchmarks.md, "2026-12-05, evening").
    const sql =
      `SELECT (${CYCLE_MS})::text AS ms FROM (SELECT d.won_at, d.opened_at FROM ${this.table('deal_fact')} d ${where.where()} ` +
      `ORDER BY ${interval} OFFSET ${offset} LIMIT ${count}) AS d`;
    // Told in one round trip (BEGIN, the setting, the read and COMMIT in one write), not four.
    return restrictions(filter).length === 0
      ? readWithSettings(this.dataSource, ['SET LOCAL enable_bitmapscan = off'], sql, where.params)
      : this.dataSource.query(sql, where.params);
  }

  /** The middle cycles by ranking every won deal of the period in PostgreSQL (two rows shipped, all of them sorted). */
  private async cycleMiddleRanked(filter: ReportFilterV1, period: Period): Promise<number[]> {
    const where = wonIn(filter, period);
    const rows: Array<{ ms: string }> = await this.dataSource.query(
      `SELECT ms::text FROM (
         SELECT ms, row_number() OVER (ORDER BY ms) AS r, count(*) OVER () AS total
           FROM (SELECT ${CYCLE_MS} AS ms FROM ${this.table('deal_fact')} d ${where.where()}) AS won) AS ranked
        WHERE r BETWEEN (total + 1) / 2 AND total / 2 + 1 ORDER BY r`,
      where.params,
    );
    return rows.map((row) => Number(row.ms));
  }

  private table(name: string): string {
    return tableOf(this.dataSource, name);
  }
}
