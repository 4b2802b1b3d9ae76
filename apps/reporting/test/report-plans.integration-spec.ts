import { migrateSchema, schemaName, StatementFold } from '@saleswire/database';
import { describePlan, expectNoSeqScanOn, explainPlan, suiteEnv } from '@saleswire/testing';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config';
import { dataSourceOptions } from '../src/data-source';
import { ReportFactsReader } from '../src/report/report-facts.reader';

/** The facts that grow with the business: a report may read a few of their index entries, never all of them. */
const FACT_TABLES = ['deal_fact', 'deal_fact_history', 'deal_stage_entry', 'lead_fact', 'lead_conversion', 'registration_fact', 'commission_fact', 'lead_offer_fact'];

/**
 * What every report reads besides its own totals (`ReportMoment`: its freshness, `dataAsOf`, with the newest events
 * that decide whether the pre-aggregated rows answer) runs once per report and per dashboard. Each read must come
 * from an index: the freshness read every registration, commission and offer until migration 1766500000000 (260 ms
 * a report at a million deals). Plan tests (libs/testing query-plan.ts): sequential scans priced out, so one shows
 * only where no index can answer.
 */
describe('reporting: what every report reads besides its totals is read from indexes (plan tests)', () => {
  let dataSource: DataSource;
  let reader: ReportFactsReader;

  beforeAll(async () => {
    dataSource = new DataSource(dataSourceOptions(loadConfig(suiteEnv('reporting'))));
    await dataSource.initialize();
    await migrateSchema(dataSource);
    reader = new ReportFactsReader(dataSource);
  });

  afterAll(async () => {
    await dataSource?.query(`DROP SCHEMA IF EXISTS "${schemaName(dataSource)}" CASCADE`).catch(() => undefined);
    await dataSource?.destroy();
  });

  it("should read the freshness (dataAsOf) and each kind's newest event in one statement, no fact table whole", async () => {
    // The statement as the reader sends it, through a fold of its own (alone in its turn, so sent as it is).
    const fold = new StatementFold(dataSource);
    const issued = jest.spyOn(fold, 'query');
    await reader.freshness(new Date(), fold);
    expect(issued).toHaveBeenCalledTimes(1);
    const [sql, params] = issued.mock.calls[0];
    const plan = await explainPlan(dataSource, sql, [...params]);
    expect(() => expectNoSeqScanOn(plan, FACT_TABLES)).not.toThrow();
    expect(describePlan(plan)).toMatch(/Index/);
  });

});
