import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import {
  DEAL_CREATED_V1,
  DEAL_WON_V1,
  dealCreatedV1Fixture,
  dealWonV1Fixture,
  GET_DASHBOARD_REPORTS_V1,
  GET_FORECAST_V1,
  GET_FUNNEL_V1,
  GET_LEAD_SOURCES_V1,
  GET_MANAGERS_REPORT_V1,
  GET_SUMMARY_V1,
  getDashboardReportsRequestV1Fixture,
  pipelineCreatedV1Fixture,
  type ActorV1,
  type DashboardReportsV1,
  type ReportFilterV1,
} from '@saleswire/contracts';
import { StatementFold } from '@saleswire/database';
import { ProblemError, type RpcClient } from '@saleswire/messaging';
import { explainPlan, gatewayRpcClient, scanNodes, type ExplainOptions, type PlanNode } from '@saleswire/testing';
import type { DataSource } from 'typeorm';
import { Client as PgClient } from 'pg';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { FOLDED_ROWS } from '../src/report/aggregate-totals.reader';
import { ReportFactsReader } from '../src/report/report-facts.reader';
import { FILTER_COLUMNS } from '../src/report/report-conditions';
import { ReportQueryService } from '../src/report/report-query.service';
import { consumedEvents, dealEvent, feed, HEAD, M1, PARTNER, type Published } from './report-events';
import { type ReportingSuite, startReportingSuite } from './support';

const MANAGER: ActorV1 = { id: M1, role: 'manager', partnerId: null };
const CHANNEL: ActorV1 = { id: '01936f0e-8a4b-7c3d-9e2f-0000000000cc', role: 'channel_manager', partnerId: null };
const NOTHING = { summary: null, funnel: null, managers: null, forecast: null, leadSources: null, problems: [] };

describe('reporting: the dashboard reports in one request (real PostgreSQL and NATS)', () => {
  let suite: ReportingSuite;
  let app: NestFastifyApplication;
  let rpc: RpcClient;
  let handled: Published[];

  /** What the five single reports answer the actor, each asked as the gateway asked them for the dashboard. */
  async function singleReports(actor: ActorV1, parts: ReadonlyArray<keyof DashboardReportsV1>): Promise<DashboardReportsV1> {
    const ask = <T>(part: keyof DashboardReportsV1, send: () => Promise<T>): Promise<T | null> => (parts.includes(part) ? send() : Promise.resolve(null));
    const [summary, funnel, managers, forecast, leadSources] = await Promise.all([
      ask('summary', () => rpc.send(GET_SUMMARY_V1, { actor, query: {} })),
      ask('funnel', () => rpc.send(GET_FUNNEL_V1, { actor, query: {} })),
      ask('managers', () => rpc.send(GET_MANAGERS_REPORT_V1, { actor, query: {} })),
      ask('forecast', () => rpc.send(GET_FORECAST_V1, { actor, query: {} })),
      ask('leadSources', () => rpc.send(GET_LEAD_SOURCES_V1, { actor, query: {} })),
    ]);
    return { summary, funnel, managers, forecast, leadSources, problems: [] };
  }

  beforeAll(async () => {
    suite = await startReportingSuite();
    app = suite.app;
    rpc = gatewayRpcClient();
    handled = consumedEvents(app);
    await feed(suite, handled, 'dashboard');
  });

  afterAll(async () => {
    await rpc?.onApplicationShutdown();
    await suite?.close();
  });

  it('should answer the head of sales every part exactly as the five single reports do', async () => {
    const dashboard = await rpc.send(GET_DASHBOARD_REPORTS_V1, getDashboardReportsRequestV1Fixture);
    expect(getDashboardReportsRequestV1Fixture.actor).toEqual(HEAD);
    expect(dashboard).toEqual(await singleReports(HEAD, ['summary', 'funnel', 'managers', 'forecast', 'leadSources']));
    // The scenario's figures came, not five empty reports that would agree as well.
    expect(dashboard.summary).toMatchObject({ won: 2, lost: 2 });
    // The fixtures' lead and the import fixture's two (one from the same exhibition, one from the website).
    expect(dashboard.leadSources?.items).toEqual([expect.objectContaining({ source: 'exhibition', leads: 2, won: 1 }), expect.objectContaining({ source: 'website', leads: 1, won: 0 })]);
  });

  it("should answer a manager their own figures as the single reports do, and no lead sources", async () => {
    const dashboard = await rpc.send(GET_DASHBOARD_REPORTS_V1, { actor: MANAGER });
    expect(dashboard).toEqual(await singleReports(MANAGER, ['summary', 'funnel', 'managers', 'forecast']));
    expect(dashboard.leadSources).toBeNull();
    expect(dashboard.managers?.items.map((row) => row.ownerId)).toEqual([M1]);
  });

  it('should answer a channel manager no part and no problem: the dashboard has no reports for them', async () => {
    expect(await rpc.send(GET_DASHBOARD_REPORTS_V1, { actor: CHANNEL })).toEqual(NOTHING);
  });

  it("should lay the funnel's stages out in the pipeline's order, whatever order the folded read gives them in", async () => {
    // The first stages rewritten: their new versions lie after the others, so a read in no order gives them last.
    const table = `"${suite.schema}".pipeline_stage`;
    await suite.pg.query(`UPDATE ${table} SET name = name WHERE position < 2`);
    const unordered = (await suite.pg.query(`SELECT pipeline_id, position FROM ${table}`)).rows.filter((row) => row.pipeline_id === pipelineCreatedV1Fixture.payload.pipelineId);
    expect(unordered[0].position).toBeGreaterThanOrEqual(2);
    const { funnel } = await rpc.send(GET_DASHBOARD_REPORTS_V1, { actor: HEAD });
    expect(funnel?.pipelineId).toBe(pipelineCreatedV1Fixture.payload.pipelineId);
    expect(funnel?.stages.map((stage) => stage.code)).toEqual(pipelineCreatedV1Fixture.payload.stages.map((stage) => stage.code));
  });

  it('should read what the reports share once, folded with their sums in one statement, 3 in all where the five single reports take 7', async () => {
    const dataSource = app.get<DataSource>(getDataSourceToken());
    // Every statement outside a transaction takes a query runner of its own, named (queryNamed) or not (query), and a
    // transaction one for all of its statements.
    const statements = jest.spyOn(dataSource, 'createQueryRunner');
    try {
      await singleReports(HEAD, ['summary', 'funnel', 'managers', 'forecast', 'leadSources']);
      const single = statements.mock.calls.length;
      statements.mockClear();
      await rpc.send(GET_DASHBOARD_REPORTS_V1, { actor: HEAD });
      // In one statement (StatementFold), the turn's reads: the freshness (asked by all five reports), the pipelines
      // (by three), the sales plans, and beside them — not after the freshness has said they answer (ADR 0016,
      // amendment "read beside the freshness") — the sums of the five reports (12, the leads by owner asked twice)
      // and the marketing events' costs. Then the median cycle's won deals, a transaction for each of its two middle
      // days (the scenario's two wins). Each single report reads its own in one statement, the summary its median's two besides.
      expect(statements).toHaveBeenCalledTimes(3);
      expect(single).toBe(7);
    } finally {
      statements.mockRestore();
    }
  });

  it('should fold a constant sum while its answer is small, and read it as rows on a connection of its own once it was large', async () => {
    const reports = app.get(ReportQueryService);
    const reader = app.get(ReportFactsReader);
    reader.answered.clear();
    const folded = jest.spyOn(StatementFold.prototype, 'query');
    const byOwner = (): string[] => folded.mock.calls.map(([sql]) => sql).filter((sql) => sql.includes('owner_id'));
    try {
      // The scenario's few managers: the deals' flows and open deals by owner and the leads by owner are folded with the rest.
      const small = await reports.managers(HEAD, {});
      expect(small.items.some((row) => row.deals > 0)).toBe(true);
      expect(byOwner().length).toBeGreaterThanOrEqual(2);
      // As if each had answered more rows than a fold should carry as JSON (the flows by owner of a large team at a
      // million deals: 450): read as rows, the same answer.
      for (const sql of reader.answered.keys()) reader.answered.set(sql, FOLDED_ROWS + 1);
      folded.mockClear();
      expect(await reports.managers(HEAD, {})).toEqual(small);
      expect(byOwner()).toEqual([]);
      // Their answers counted again, small: folded again.
      folded.mockClear();
      expect(await reports.managers(HEAD, {})).toEqual(small);
      expect(byOwner().length).toBeGreaterThanOrEqual(2);
    } finally {
      folded.mockRestore();
    }
  });

  it('should read the sums per partner on connections of their own however few partners they answer, and fold the list of partners', async () => {
    const reports = app.get(ReportQueryService);
    app.get(ReportFactsReader).answered.clear();
    const folded = jest.spyOn(StatementFold.prototype, 'query');
    const sent = jest.spyOn(PgClient.prototype, 'query');
    try {
      const report = await reports.partners(HEAD, {});
      expect(report.items.some((row) => row.deals > 0)).toBe(true);
      expect(report.items.some((row) => row.registrations > 0)).toBe(true);
      // The deals' flows and the activity, each summed per partner by PostgreSQL (ADR 0012, twenty-second amendment)
      // in a statement of its own; of the report's sums only the list of partners with a record is folded.
      const texts = sent.mock.calls.map(([query]) => (typeof query === 'string' ? query : (query as unknown as { text: string }).text));
      expect(texts.filter((sql) => /^SELECT partner_id, string_agg/.test(sql))).toHaveLength(2);
      const foldedSums = folded.mock.calls.map(([sql]) => sql);
      expect(foldedSums.filter((sql) => sql.includes('string_agg'))).toEqual([]);
      expect(foldedSums.filter((sql) => sql.includes('partner_id'))).toHaveLength(1);
    } finally {
      folded.mockRestore();
      sent.mockRestore();
    }
  });

  /**
   * The statement a summary sends for its median cycle, as sent (unfiltered, in the transaction that turns bitmap
   * scans off; filtered, on a connection of its own): both go through the PostgreSQL query runner.
   */
  async function medianSent(filter: ReportFilterV1): Promise<[string, unknown[]]> {
    // Filtered, it goes through TypeORM; unfiltered, straight to the connection with its setting (readWithSettings).
    const queries = jest.spyOn(PostgresQueryRunner.prototype, 'query');
    const sent = jest.spyOn(PgClient.prototype, 'query');
    try {
      expect((await app.get(ReportQueryService).summary(HEAD, filter)).medianCycleDays).not.toBeNull();
      const calls: Array<[string, unknown[]]> = [
        ...queries.mock.calls.map(([sql, params]): [string, unknown[]] => [sql, (params as unknown[] | undefined) ?? []]),
        ...sent.mock.calls.flatMap((call): Array<[string, unknown[]]> => {
          const config = call[0] as unknown as { text?: string; values?: unknown[] } | string;
          return typeof config === 'object' && config?.text ? [[config.text, config.values ?? []]] : [];
        }),
      ];
      const median = calls.find(([sql]) => sql.includes('ORDER BY d.won_at - d.opened_at'));
      expect(median).toBeDefined();
      return median!;
    } finally {
      queries.mockRestore();
      sent.mockRestore();
    }
  }

  // The won deals' attributes besides the owner and the partner, as the scenario's won deal (M1's) has them.
  const OTHER_FILTERS: ReportFilterV1 = {
    channel: 'direct',
    direction: 'inbound',
    source: dealCreatedV1Fixture.payload.source ?? undefined,
    pipelineId: dealCreatedV1Fixture.payload.pipelineId,
    isRepeat: false,
  };

  /**
   * `sql` planned as it is where every day of cycle holds many won deals of other managers and partners: 3,000 of them,
   * alike in every other filter column, inserted, vacuumed and analysed, removed after. On the scenario's few rows every
   * index that can answer costs the planner about the same, and its choice between them is a coin's.
   */
  async function planAmongOthers(sql: string, params: unknown[], options: ExplainOptions = {}): Promise<PlanNode> {
    const facts = `"${suite.schema}".deal_fact`;
    const { rows } = await suite.pg.query(
      `INSERT INTO ${facts} (deal_id, aggregate_version, event_id, pipeline_id, owner_id, partner_id, channel, direction, source, is_repeat,
                             amount, currency, created_at, first_seen_at, won_at, last_event_at)
       SELECT gen_random_uuid(), 1, gen_random_uuid(), $1, gen_random_uuid(), gen_random_uuid(), $2, $3, $4, $5, 100, 'EUR', at, at, at + (n % 31) * interval '1 day', at
         FROM (SELECT n, timestamptz '2026-02-01' + n * interval '1 minute' AS at FROM generate_series(1, 3000) AS n) AS others
       RETURNING deal_id`,
      [OTHER_FILTERS.pipelineId, OTHER_FILTERS.channel, OTHER_FILTERS.direction, OTHER_FILTERS.source, OTHER_FILTERS.isRepeat],
    );
    try {
      await suite.pg.query(`VACUUM ANALYZE ${facts}`);
      return await explainPlan(suite.pg, sql, params, options);
    } finally {
      await suite.pg.query(`DELETE FROM ${facts} WHERE deal_id = ANY($1::uuid[])`, [rows.map((row) => row.deal_id as string)]);
      await suite.pg.query(`VACUUM ANALYZE ${facts}`);
    }
  }

  it("should read the median cycle's won deals from the cycle index alone, which holds both moments (migration 1766800000000)", async () => {
    const [sql, params] = await medianSent({});
    // The scenario's few rows would be read whole otherwise; a visibility map lets the index answer alone.
    await suite.pg.query(`VACUUM "${suite.schema}".deal_fact`);
    const plan = await explainPlan(suite.pg, sql, params, { bitmapscanOff: true });
    expect(scanNodes(plan).map(({ nodeType, index }) => ({ type: nodeType, index }))).toEqual([{ type: 'Index Only Scan', index: 'deal_fact_cycle_idx' }]);
  });

  it("should read a manager's median cycle by the owner's cycle index, not every owner's deals of that day (migration 1767100000000)", async () => {
    const [sql, params] = await medianSent({ ownerId: M1 });
    expect(sql).toContain('d.owner_id = $');
    const plan = await planAmongOthers(sql, params);
    expect(scanNodes(plan).flatMap(({ index }) => (index ? [index] : []))).toEqual(['deal_fact_owner_cycle_idx']);
  });

  it('should hold every column a report filters on in each cycle index, so that no filter sends the median to the heap', async () => {
    const { rows } = await suite.pg.query(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname LIKE 'deal_fact_%cycle_idx' ORDER BY 1`, [suite.schema]);
    expect(rows.map((row) => row.indexname)).toEqual(['deal_fact_cycle_idx', 'deal_fact_owner_cycle_idx', 'deal_fact_partner_cycle_idx']);
    for (const { indexdef } of rows) {
      const columns = /USING btree \((.*)\) INCLUDE \((.*?)\)/.exec(indexdef as string);
      expect(columns).not.toBeNull();
      const held = `${columns![1]}, ${columns![2]}`.split(',').map((column) => column.trim());
      expect(FILTER_COLUMNS.filter((column) => !held.includes(column))).toEqual([]);
    }
  });

  it.each([
    ['any filter but the owner and the partner', OTHER_FILTERS, 'deal_fact_cycle_idx'],
    ["a manager's, with any other filter", { ...OTHER_FILTERS, ownerId: M1 }, 'deal_fact_owner_cycle_idx'],
  ])("should check %s on the median's won deals in the cycle index alone, no heap fetch (migration 1767400000000)", async (_, filter, index) => {
    const [sql, params] = await medianSent(filter);
    // As the department's median is sent (bitmap scans off): a bitmap heap scan visits the heap whatever the index holds.
    const plan = await planAmongOthers(sql, params, { bitmapscanOff: true });
    expect(scanNodes(plan).map(({ nodeType, index: used }) => ({ type: nodeType, index: used }))).toEqual([{ type: 'Index Only Scan', index }]);
  });

  it('should leave the funnel null and say why when there is no default pipeline, and still answer the other parts', async () => {
    const defaults = (await suite.pg.query(`UPDATE "${suite.schema}".pipeline_stage SET is_default = false WHERE is_default RETURNING pipeline_id`)).rows.map((row) => row.pipeline_id as string);
    expect(defaults.length).toBeGreaterThan(0);
    try {
      const single = await rpc.send(GET_FUNNEL_V1, { actor: HEAD, query: {} }).catch((error: unknown) => error);
      expect(single).toBeInstanceOf(ProblemError);
      expect(single).toMatchObject({ status: 404 });
      const dashboard = await rpc.send(GET_DASHBOARD_REPORTS_V1, { actor: HEAD });
      expect(dashboard.funnel).toBeNull();
      expect(dashboard.problems).toEqual([{ part: 'funnel', problem: (single as ProblemError).detail }]);
      expect({ ...dashboard, funnel: null, problems: [] }).toEqual({ ...(await singleReports(HEAD, ['summary', 'managers', 'forecast', 'leadSources'])) });
    } finally {
      await suite.pg.query(`UPDATE "${suite.schema}".pipeline_stage SET is_default = true WHERE pipeline_id = ANY($1::uuid[])`, [defaults]);
    }
  });

  // Last: it adds a won deal of the partner's to the scenario.
  it("should read a partner's median cycle by the partner's cycle index, not every deal of that day (migration 1767400000000)", async () => {
    const deal = '01936f0e-8a4b-7c3d-9e2f-00000000d0b1';
    const facts = { ownerId: M1, amount: 700, currency: 'EUR', channel: 'indirect' as const, partnerId: PARTNER };
    await feed(
      suite,
      [
        dealEvent(DEAL_CREATED_V1, dealCreatedV1Fixture, deal, 1, '2026-03-01T00:00:00.000Z', { ...facts, stage: 'new', leadId: null, createdAt: '2026-03-01T00:00:00.000Z' }),
        dealEvent(DEAL_WON_V1, dealWonV1Fixture, deal, 2, '2026-03-11T00:00:00.000Z', { ...facts, stage: 'won', paidAmount: 700, wonAt: '2026-03-11T00:00:00.000Z' }),
      ],
      'partner-median',
      { fresh: false },
    );
    const [sql, params] = await medianSent({ partnerId: PARTNER });
    expect(sql).toContain('d.partner_id = $');
    const plan = await planAmongOthers(sql, params);
    expect(scanNodes(plan).map(({ nodeType, index }) => ({ type: nodeType, index }))).toEqual([{ type: 'Index Only Scan', index: 'deal_fact_partner_cycle_idx' }]);
    expect((await app.get(ReportQueryService).summary(HEAD, { partnerId: PARTNER })).medianCycleDays).toBe(10);
  });
});
