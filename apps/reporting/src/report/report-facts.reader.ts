import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { LeadSourceRowV1, LeadSourcesQueryV1, ReportFilterV1 } from '@saleswire/contracts';
import { StatementFold, tableOf } from '@saleswire/database';
import type { DataSource } from 'typeorm';
import { AggregateTotalsReader } from './aggregate-totals.reader';
import { totalsOf, type DealTotals, type FlowRow } from './deal-totals';
import { leadSourcesOf, type LeadSourceCount, type LeadSourceWins } from './lead-sources.metric';
import { activityOf, partnerSumsOf, type CommissionRecord, type OfferRecord, type PartnerActivity, type RegistrationRecord } from './partners.metric';
import { momentOf, periodOf } from './report-period';
import { Conditions, dimensions } from './report-conditions';
import { ReportMoment, type AggregateKind, type Freshness } from './report-moment';
import { DAY_MS, type DealRecord, type Period, type PipelineStage, type Pipelines, type StageEntry } from './report.model';

/**
 * What a report needs of the deals' totals, and by what it groups them: flows (opened, won, lost in the period)
 * by kind and currency and `flows`' columns; open deals by currency and `open`'s columns; the rest whole.
 */
export interface TotalsRequest {
  flows?: ReadonlyArray<'owner_id' | 'partner_id' | 'is_repeat'>;
  /** Only these kinds of flows (every kind when absent): a report that never counts a loss reads none. */
  flowKinds?: ReadonlyArray<FlowRow['kind']>;
  open?: ReadonlyArray<'owner_id' | 'stage' | 'expected_month'>;
  owners?: boolean;
  partners?: boolean;
  /** The flows by partner summed per partner (`DealTotals.partnerFlows`), not as rows by partner, kind and currency. */
  partnerFlows?: boolean;
  funnel?: boolean;
  wonByMonth?: boolean;
  cycleMiddle?: boolean;
}

interface DealRow {
  deal_id: string;
  pipeline_id: string;
  owner_id: string | null;
  partner_id: string | null;
  is_repeat: boolean;
  amount: string | null;
  currency: string | null;
  expected_close_date: string | null;
  opened_at: Date;
  won_at: Date | null;
  lost_at: Date | null;
}

interface EntryRow {
  deal_id: string;
  stage: string;
  probability: number;
  entered_at: Date;
  aggregate_version: number;
}

/**
 * Reads the facts a report is computed from, as they stood at `at`: deals opened by then with the stage entries,
 * win and loss of by then, and (for a report `asOf` a past moment) the owner, amount and other attributes of then;
 * it never reads another service's tables, only what the projections wrote.
 */
@Injectable()
export class ReportFactsReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * `entries`: which stage entries a report needs — `all` (the funnel), `last` (the current stage's probability:
   * summary, forecast) or `none` (managers, partners) — since shipping them costs more than the deals themselves.
   */
  async deals(filter: ReportFilterV1, at: Date, entries: 'all' | 'last' | 'none' = 'all'): Promise<DealRecord[]> {
    const where = dimensions(new Conditions().add((p) => `d.opened_at <= ${p}`, at), filter, 'd.');
    const deals = filter.asOf ? this.dealsAsOf() : this.table('deal_fact');
    // Two plain queries (the deals, then their entries by deal) rather than one aggregating JSON per deal.
    const entryQuery =
      entries === 'none'
        ? Promise.resolve([])
        : this.dataSource.query(
            `SELECT ${entries === 'last' ? 'DISTINCT ON (e.deal_id)' : ''} e.deal_id, e.stage, e.probability, e.entered_at, e.aggregate_version
               FROM ${this.table('deal_stage_entry')} e JOIN ${deals} d ON d.deal_id = e.deal_id
              ${where.where()} AND e.entered_at <= $1
              ORDER BY e.deal_id, ${entries === 'last' ? 'e.aggregate_version DESC, e.event_id DESC' : 'e.aggregate_version, e.event_id'}`,
            where.params,
          );
    const [rows, entryRows]: [DealRow[], EntryRow[]] = await Promise.all([
      this.dataSource.query(
        `SELECT d.deal_id, d.pipeline_id, d.owner_id, d.partner_id, d.is_repeat, d.amount, d.currency,
                to_char(d.expected_close_date, 'YYYY-MM-DD') AS expected_close_date, d.opened_at,
                CASE WHEN d.won_at <= $1 THEN d.won_at END AS won_at,
                CASE WHEN d.lost_at <= $1 THEN d.lost_at END AS lost_at
           FROM ${deals} d ${where.where()}`,
        where.params,
      ),
      entryQuery,
    ]);
    const byDeal = new Map<string, StageEntry[]>();
    for (const entry of entryRows) {
      const list = byDeal.get(entry.deal_id) ?? [];
      list.push({ stage: entry.stage, probability: entry.probability, enteredAt: entry.entered_at.getTime(), version: entry.aggregate_version });
      byDeal.set(entry.deal_id, list);
    }
    return rows.map((row) => ({
      dealId: row.deal_id,
      pipelineId: row.pipeline_id,
      ownerId: row.owner_id,
      partnerId: row.partner_id,
      isRepeat: row.is_repeat,
      amount: row.amount === null ? null : Number(row.amount),
      currency: row.currency,
      expectedCloseDate: row.expected_close_date,
      openedAt: row.opened_at.getTime(),
      wonAt: row.won_at ? row.won_at.getTime() : null,
      lostAt: row.lost_at ? row.lost_at.getTime() : null,
      entries: byDeal.get(row.deal_id) ?? [],
    }));
  }

  /**
   * The deal facts with the attributes each deal had at `$1` (the report's moment): those of its event of the highest
   * version whose moment is by then (ADR 0012). The write-once dates, cut by the queries, stay the facts' own.
   */
  private dealsAsOf(): string {
    const attributes = ['pipeline_id', 'owner_id', 'partner_id', 'channel', 'direction', 'source', 'is_repeat', 'amount', 'currency'];
    return `(SELECT f.deal_id, f.expected_close_date, f.opened_at, f.won_at, f.lost_at,
                    ${attributes.map((name) => `CASE WHEN h.deal_id IS NULL THEN f.${name} ELSE h.${name} END AS ${name}`).join(', ')}
               FROM ${this.table('deal_fact')} f
               LEFT JOIN LATERAL (
                 SELECT deal_id, ${attributes.join(', ')} FROM ${this.table('deal_fact_history')}
                  WHERE deal_id = f.deal_id AND at <= $1 ORDER BY aggregate_version DESC, event_id DESC LIMIT 1) h ON true
              WHERE f.opened_at <= $1)`;
  }

  /**
   * The deals' totals a report is computed from (ADR 0012, amended): read from the pre-aggregated rows when they
   * can answer exactly — no `asOf`, a period of whole UTC days, no deal event dated after the report's moment —,
   * else computed from the facts as they stood at `at`. `via` says which and `tables` which aggregate tables were
   * read (a rollup, the full-key day rows), for tests and benches.
   */
  totals(filter: ReportFilterV1, period: Period, moment: ReportMoment, request: TotalsRequest): Promise<DealTotals & { via: 'aggregates' | 'facts'; tables: string[] }> {
    return this.eitherWay<DealTotals & { via: 'aggregates' | 'facts'; tables: string[] }>(
      filter,
      period,
      moment,
      ['deals'],
      async () => {
        const tables = new Set<string>();
        const totals = await this.aggregates(moment).totals(filter, period, request, tables);
        return { ...totals, via: 'aggregates', tables: [...tables].sort() };
      },
      async () => {
        const entries = request.funnel ? 'all' : request.open?.includes('stage') ? 'last' : 'none';
        const totals = totalsOf(await this.deals(filter, moment.at, entries), period);
        const kinds = request.flowKinds;
        if (kinds) totals.flows = totals.flows.filter((row) => kinds.includes(row.kind));
        if (request.partnerFlows) totals.partnerFlows = partnerSumsOf(totals.flows);
        return { ...totals, via: 'facts', tables: [] };
      },
    );
  }

  /**
   * `facts` makes every report read the facts (the property test's reference); `days` the full-key day rows and
   * never a rollup (to compare, and the figures before the rollups); `auto` the smallest aggregate that can answer.
   */
  mode: 'auto' | 'days' | 'facts' = 'auto';
  /**
   * How many rows each unfiltered, unbounded sum answered last time, by its text: whether it is folded with the
   * others or read as rows (`FOLDED_ROWS`). A few texts a process: only the reports' constant sums are counted.
   */
  readonly answered = new Map<string, number>();

  /**
   * What the pre-aggregated rows answer where they answer exactly, else what the facts answer. They answer exactly
   * with no `asOf`, a period of whole UTC days, and no deal event (no lead, no conversion; no registration, commission
   * or offer moment: `kinds`) dated after the report's moment, which the facts would leave out. The newest events are
   * the moment's, read once for all the reports that share it. The rows are read at once, in the same turn as that
   * freshness rather than after it (ADR 0016, amendment "read beside the freshness"): the constant sums and the
   * freshness leave as one folded statement, the others beside it, one round trip where there were two. Their answer
   * is dropped when an event is dated after the moment, and the facts answer instead.
   */
  private async eitherWay<T>(
    filter: ReportFilterV1,
    period: Period,
    moment: ReportMoment,
    kinds: readonly AggregateKind[],
    fromAggregates: () => Promise<T>,
    fromFacts: () => Promise<T>,
  ): Promise<T> {
    const wholeDay = (time: number | null): boolean => time === null || time % DAY_MS === 0;
    if (this.mode === 'facts' || filter.asOf || !wholeDay(period.from) || !wholeDay(period.to)) return fromFacts();
    const aggregated = fromAggregates();
    // Handled now, so that a failure while the freshness is awaited is not an unhandled rejection; still the answer's.
    aggregated.catch(() => undefined);
    const newest = await Promise.all(kinds.map((kind) => moment.newestEvent(kind)));
    return newest.every((time) => time === null || time <= moment.at.getTime()) ? aggregated : fromFacts();
  }

  /**
   * How fresh the facts are at `at`, in one statement: the newest event projected, at most `at` (`dataAsOf`), and
   * the newest deal event, lead or conversion, and partner record's moment, whatever `at` (each by its index: the
   * expression indexes of migration 1766400000000 for the partners' moments). A dashboard's reports read it once,
   * folded with the moment's other first reads (`fold`): each moment as whole milliseconds since the epoch, which
   * JSON carries as node-postgres parses it, and which is the `Date` node-postgres would have made.
   */
  async freshness(at: Date, fold: StatementFold): Promise<Freshness> {
    const ms = (moment: string): string => `floor(extract(epoch FROM ${moment}) * 1000)::float8`;
    const rows: Array<{ data_as_of: number | null; deals: number | null; leads: number | null; partners: number | null }> = await fold.query(
      `SELECT ${ms(`least(greatest(
                (SELECT newest_event_at FROM ${this.table('fact_freshness')} WHERE facts = 'deals'),
                (SELECT max(created_at) FROM ${this.table('lead_fact')}),
                (SELECT max(last_event_at) FROM ${this.table('registration_fact')}),
                (SELECT max(last_event_at) FROM ${this.table('commission_fact')}),
                (SELECT max(last_event_at) FROM ${this.table('lead_offer_fact')})), $1::timestamptz)`)} AS data_as_of,
              ${ms(`(SELECT max(at) FROM ${this.table('deal_fact_history')})`)} AS deals,
              ${ms(`greatest((SELECT max(created_at) FROM ${this.table('lead_fact')}), (SELECT max(converted_at) FROM ${this.table('lead_conversion')}))`)} AS leads,
              ${ms(`greatest((SELECT max(greatest(submitted_at, approved_at)) FROM ${this.table('registration_fact')}),
                       (SELECT max(greatest(accrued_at, paid_at)) FROM ${this.table('commission_fact')}),
                       (SELECT max(greatest(offered_at, decided_at)) FROM ${this.table('lead_offer_fact')}))`)} AS partners`,
      [at],
      true,
    );
    const row = rows[0];
    return {
      dataAsOf: row?.data_as_of == null ? null : new Date(row.data_as_of).toISOString(),
      newest: { deals: row?.deals ?? null, leads: row?.leads ?? null, partners: row?.partners ?? null },
    };
  }

  /** A moment for one request's reports: what they share is read once (`ReportMoment`). */
  moment(at: Date): ReportMoment {
    return new ReportMoment(at, this, new StatementFold(this.dataSource));
  }

  /** The pre-aggregated rows' reader for a moment: the sums its reports ask for in one turn read as one statement. */
  private aggregates(moment: ReportMoment): AggregateTotalsReader {
    return new AggregateTotalsReader(this.dataSource, moment.fold, this.mode === 'auto', this.answered);
  }

  /**
   * Leads created in the period (and by `at`), per assignee or all under the key null (`byOwner` false), within the
   * filters that apply to a lead: from the leads' pre-aggregated rows when they can answer exactly (as the deals'
   * totals), else counted from the facts. `read`: the aggregate tables read, for tests.
   */
  leads(filter: ReportFilterV1, period: Period, moment: ReportMoment, byOwner: boolean, read = new Set<string>()): Promise<Map<string | null, number>> {
    return this.eitherWay(
      filter,
      period,
      moment,
      ['leads'],
      () => this.aggregates(moment).leads(filter, period, byOwner, read),
      () => this.leadsFromFacts(filter, period, moment, byOwner),
    );
  }

  private async leadsFromFacts(filter: ReportFilterV1, period: Period, moment: ReportMoment, byOwner: boolean): Promise<Map<string | null, number>> {
    const where = new Conditions().add((p) => `created_at <= ${p}`, moment.at);
    if (period.from !== null) where.add((p) => `created_at >= ${p}`, new Date(period.from));
    if (period.to !== null) where.add((p) => `created_at < ${p}`, new Date(period.to));
    if (filter.ownerId) where.add((p) => `assignee_id = ${p}`, filter.ownerId);
    if (filter.partnerId) where.add((p) => `partner_id = ${p}`, filter.partnerId);
    // A lead has no channel: one routed to a partner is the indirect channel's.
    if (filter.channel) where.raw(filter.channel === 'indirect' ? 'partner_id IS NOT NULL' : 'partner_id IS NULL');
    if (filter.direction) where.add((p) => `direction = ${p}`, filter.direction);
    if (filter.source) where.add((p) => `source = ${p}`, filter.source);
    if (filter.isRepeat !== undefined) where.add((p) => `is_repeat = ${p}`, filter.isRepeat);
    const rows: Array<{ assignee_id: string | null; n: number }> = await this.dataSource.query(
      `SELECT ${byOwner ? 'assignee_id' : 'NULL AS assignee_id'}, count(*)::int AS n FROM ${this.table('lead_fact')} ${where.where()} ${byOwner ? 'GROUP BY assignee_id' : ''}`,
      where.params,
    );
    return new Map(rows.map((row) => [row.assignee_id, row.n]));
  }

  /**
   * The lead-sources report (API.md): from the leads' pre-aggregated rows when they and the deals' can answer exactly
   * (ADR 0012, fourth amendment), else from the facts as they stood at the report's moment. `read`: the tables read.
   */
  async leadSources(query: LeadSourcesQueryV1, read = new Set<string>(), moment = this.moment(momentOf(query))): Promise<LeadSourceRowV1[]> {
    const period = periodOf(query);
    const at = moment.at;
    const [{ counts, wins }, costs] = await Promise.all([
      this.eitherWay(
        query,
        period,
        moment,
        ['leads', 'deals'],
        () => this.aggregates(moment).leadSources(period, read),
        () => this.leadSourcesFromFacts(period, at),
      ),
      moment.fold.query<{ marketing_event_id: string; cost: string | null; currency: string | null }>(
        `SELECT marketing_event_id, cost::text AS cost, currency FROM ${this.table('marketing_event_fact')}`,
        [],
        true,
      ),
    ]);
    return leadSourcesOf(
      counts,
      wins,
      costs.map((row) => ({ marketingEventId: row.marketing_event_id, cost: row.cost === null ? null : Number(row.cost), currency: row.currency })),
    );
  }

  /** The lead-sources report's counts from the facts: the leads created in the period and by `at`, their conversions and won deals by then. */
  private async leadSourcesFromFacts(period: Period, at: Date): Promise<{ counts: LeadSourceCount[]; wins: LeadSourceWins[] }> {
    const leads = `SELECT lead_id, source, marketing_event_id FROM ${this.table('lead_fact')}
                    WHERE created_at <= $3 AND ($1::timestamptz IS NULL OR created_at >= $1) AND ($2::timestamptz IS NULL OR created_at < $2)`;
    const params = [period.from === null ? null : new Date(period.from), period.to === null ? null : new Date(period.to), at];
    const [counts, wins]: [
      Array<{ source: string; marketing_event_id: string | null; leads: number; converted: number }>,
      Array<{ source: string; marketing_event_id: string | null; currency: string | null; won: number; revenue: string | null }>,
    ] = await Promise.all([
      this.dataSource.query(
        `WITH leads AS (${leads})
         SELECT l.source, l.marketing_event_id, count(*)::int AS leads, count(c.lead_id)::int AS converted
           FROM leads l LEFT JOIN ${this.table('lead_conversion')} c ON c.lead_id = l.lead_id AND c.converted_at <= $3
          GROUP BY l.source, l.marketing_event_id`,
        params,
      ),
      this.dataSource.query(
        `WITH leads AS (${leads})
         SELECT l.source, l.marketing_event_id, d.currency, count(*)::int AS won, sum(d.amount)::text AS revenue
           FROM leads l JOIN ${this.table('deal_fact')} d ON d.lead_id = l.lead_id
          WHERE d.won_at <= $3
          GROUP BY l.source, l.marketing_event_id, d.currency`,
        params,
      ),
    ]);
    return {
      counts: counts.map((row) => ({ source: row.source, marketingEventId: row.marketing_event_id, leads: row.leads, converted: row.converted })),
      wins: wins.map((row) => ({
        source: row.source,
        marketingEventId: row.marketing_event_id,
        currency: row.currency,
        won: row.won,
        cents: row.revenue === null ? null : Math.round(Number(row.revenue) * 100),
      })),
    };
  }

  /**
   * The pipelines' stages in order, read with the moment's other first reads (`fold`). Put in order here: a folded
   * statement's rows come as a JSON array, whose order SQL does not promise to be its subquery's.
   */
  async pipelines(fold: StatementFold): Promise<{ stages: Pipelines; defaultId: string | null }> {
    type Row = { pipeline_id: string; position: number; code: string; name: string; semantics: PipelineStage['semantics']; probability: number; is_default: boolean; kind: string };
    const rows = await fold.query<Row>(
      `SELECT pipeline_id, position, code, name, semantics, probability, is_default, kind FROM ${this.table('pipeline_stage')}`,
      [],
      true,
    );
    rows.sort((a, b) => (a.pipeline_id < b.pipeline_id ? -1 : a.pipeline_id > b.pipeline_id ? 1 : a.position - b.position));
    const stages = new Map<string, PipelineStage[]>();
    let defaultId: string | null = null;
    for (const row of rows) {
      const list = stages.get(row.pipeline_id) ?? [];
      list.push({ code: row.code, name: row.name, semantics: row.semantics, probability: row.probability });
      stages.set(row.pipeline_id, list);
      if (row.is_default && row.kind === 'new_business') defaultId = row.pipeline_id;
    }
    return { stages, defaultId };
  }

  /**
   * The partners' registrations, commissions and offers of the period (of one partner, the only filter they take):
   * from `partner_agg_flow` and its rollup when they answer exactly (ADR 0012, fifth amendment), else summed from the
   * facts as they stood at `at`. `read`: the aggregate tables read, for tests.
   */
  partnerActivity(partnerId: string | undefined, period: Period, moment: ReportMoment, read = new Set<string>()): Promise<PartnerActivity & { via: 'aggregates' | 'facts' }> {
    const at = moment.at;
    return this.eitherWay<PartnerActivity & { via: 'aggregates' | 'facts' }>(
      {},
      period,
      moment,
      ['partners'],
      async () => ({ ...(await this.aggregates(moment).partnerActivity(partnerId, period, read)), via: 'aggregates' }),
      async () => {
        const [registrations, commissions, offers] = await Promise.all([this.registrations(partnerId, at), this.commissions(partnerId, at), this.offers(partnerId, at)]);
        return { ...activityOf(registrations, commissions, offers, period), via: 'facts' };
      },
    );
  }

  async registrations(partnerId: string | undefined, at: Date): Promise<RegistrationRecord[]> {
    const rows: Array<{ partner_id: string; conflict: boolean | null; submitted_at: Date | null; approved_at: Date | null }> =
      await this.dataSource.query(
        `SELECT partner_id, conflict, CASE WHEN submitted_at <= $1 THEN submitted_at END AS submitted_at,
                CASE WHEN approved_at <= $1 THEN approved_at END AS approved_at
           FROM ${this.table('registration_fact')} WHERE ($2::uuid IS NULL OR partner_id = $2)`,
        [at, partnerId ?? null],
      );
    return rows.map((row) => ({
      partnerId: row.partner_id,
      conflict: row.conflict === true,
      submittedAt: row.submitted_at?.getTime() ?? null,
      approvedAt: row.approved_at?.getTime() ?? null,
    }));
  }

  async commissions(partnerId: string | undefined, at: Date): Promise<CommissionRecord[]> {
    const rows: Array<{ partner_id: string; amount: string; currency: string; accrued_at: Date | null; paid_at: Date | null }> =
      await this.dataSource.query(
        `SELECT partner_id, amount, currency, CASE WHEN accrued_at <= $1 THEN accrued_at END AS accrued_at,
                CASE WHEN paid_at <= $1 THEN paid_at END AS paid_at
           FROM ${this.table('commission_fact')} WHERE ($2::uuid IS NULL OR partner_id = $2)`,
        [at, partnerId ?? null],
      );
    return rows.map((row) => ({
      partnerId: row.partner_id,
      amount: Number(row.amount),
      currency: row.currency,
      accruedAt: row.accrued_at?.getTime() ?? null,
      paidAt: row.paid_at?.getTime() ?? null,
    }));
  }

  /** Offers made by `at`, decided only if decided by then (else still `offered`). */
  async offers(partnerId: string | undefined, at: Date): Promise<OfferRecord[]> {
    const rows: Array<{ partner_id: string; status: OfferRecord['status']; offered_at: Date; decided_at: Date | null }> = await this.dataSource.query(
      `SELECT partner_id, CASE WHEN decided_at <= $1 THEN status ELSE 'offered' END AS status, offered_at,
              CASE WHEN decided_at <= $1 THEN decided_at END AS decided_at
         FROM ${this.table('lead_offer_fact')} WHERE offered_at <= $1 AND ($2::uuid IS NULL OR partner_id = $2)`,
      [at, partnerId ?? null],
    );
    return rows.map((row) => ({ partnerId: row.partner_id, status: row.status, offeredAt: row.offered_at.getTime(), decidedAt: row.decided_at?.getTime() ?? null }));
  }

  private table(name: string): string {
    return tableOf(this.dataSource, name);
  }
}
