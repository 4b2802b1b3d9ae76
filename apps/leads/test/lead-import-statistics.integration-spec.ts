import { COMMIT_LEAD_IMPORT_V1, GET_LEAD_IMPORT_V1, PUT_LEAD_ASSIGNMENT_V1, STAGE_LEAD_IMPORT_ROWS_V1, START_LEAD_IMPORT_V1, type LeadImportJobViewV1 } from '@saleswire/contracts';
import { eventually } from '@saleswire/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { HEAD, type LeadsSuite, startLeadsSuite } from './support';

const MANAGER = '01936f0e-8a4b-7c3d-9e2f-0000000000d1';

interface TableStatistics {
  last_analyze: Date | null;
  n_live_tup: number;
  reltuples: number;
}

describe('leads: a bulk import leaves the planner true statistics of what it wrote (issue 16)', () => {
  let suite: LeadsSuite;

  beforeAll(async () => {
    suite = await startLeadsSuite();
    await suite.users({ id: MANAGER });
    await suite.rpc.send(PUT_LEAD_ASSIGNMENT_V1, { actor: HEAD, input: { strategy: 'round_robin', members: [{ userId: MANAGER, weight: 1, active: true }] } });
  });

  afterAll(() => suite.close());

  async function statistics(table: string): Promise<TableStatistics> {
    const [row] = await suite.db.rows<TableStatistics>(
      `SELECT s.last_analyze, s.n_live_tup::int AS n_live_tup, c.reltuples::int AS reltuples
         FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
        WHERE s.schemaname = $1 AND s.relname = $2`,
      [suite.db.schema, table],
    );
    return row;
  }

  it('analyses the leads and the assignment ledger once the import completed: the planner counts every imported row', async () => {
    // The migrations analysed the empty table; nothing since.
    const before = await statistics('lead');
    expect(before.reltuples).toBe(0);
    const rows = Array.from({ length: 6000 }, (_, i) => ({ contact: { name: `Olga Kozlova ${i}`, email: `olga${i}@stats.example` }, source: 'seminar', direction: 'inbound' }));
    const opened = (await suite.rpc.send(START_LEAD_IMPORT_V1, { actor: HEAD, format: 'json', total: rows.length })) as LeadImportJobViewV1;
    for (let first = 0; first < rows.length; first += 3000) {
      await suite.rpc.send(STAGE_LEAD_IMPORT_ROWS_V1, { actor: HEAD, jobId: opened.jobId, firstRow: first + 1, rows: rows.slice(first, first + 3000) });
    }
    await suite.rpc.send(COMMIT_LEAD_IMPORT_V1, { actor: HEAD, jobId: opened.jobId });
    const done = await eventually(() => suite.rpc.send(GET_LEAD_IMPORT_V1, { actor: HEAD, jobId: opened.jobId }) as Promise<LeadImportJobViewV1>, (job) => job.status === 'completed');
    expect(done.accepted).toBe(6000);

    // A manual ANALYZE (autovacuum's would be last_autoanalyze), after the import finished, counting all 6,000.
    const analysedAfter = (s: TableStatistics): boolean => (s.last_analyze?.getTime() ?? 0) > (before.last_analyze?.getTime() ?? 0);
    const lead = await eventually(() => statistics('lead'), analysedAfter);
    expect(lead.last_analyze!.getTime()).toBeGreaterThan(before.last_analyze?.getTime() ?? 0);
    expect(lead.last_analyze!.getTime()).toBeGreaterThanOrEqual(new Date(done.finishedAt!).getTime() - 1000);
    expect(lead.reltuples).toBe(6000);
    // Not n_live_tup: backends report their inserts to the statistics asynchronously (up to a second late), so a
    // report arriving after ANALYZE adds to the count it set (CI saw 9,000); reltuples is what the planner reads.
    const ledger = await eventually(() => statistics('assignment_ledger'), analysedAfter);
    expect(ledger.reltuples).toBe(6000);
  });

  it('analyses the leads as it goes each time it doubled them, so later chunks are planned for the table as it is', async () => {
    // The table holds the 6,000 leads above; 15,000 more come in three chunks of 5,000.
    const dataSource = suite.app.get<DataSource>(getDataSourceToken());
    const analyses: number[] = [];
    const query = dataSource.query.bind(dataSource);
    const spy = jest.spyOn(dataSource, 'query').mockImplementation(async (sql: string, ...rest: unknown[]) => {
      if (/^ANALYZE /.test(sql)) analyses.push(Date.now());
      return query(sql, ...(rest as [unknown[]]));
    });
    try {
      const rows = Array.from({ length: 15_000 }, (_, i) => ({ contact: { name: `Pavel Orlov ${i}`, email: `pavel${i}@stats.example` }, source: 'seminar', direction: 'inbound' }));
      const opened = (await suite.rpc.send(START_LEAD_IMPORT_V1, { actor: HEAD, format: 'json', total: rows.length })) as LeadImportJobViewV1;
      for (let first = 0; first < rows.length; first += 5000) {
        await suite.rpc.send(STAGE_LEAD_IMPORT_ROWS_V1, { actor: HEAD, jobId: opened.jobId, firstRow: first + 1, rows: rows.slice(first, first + 5000) });
      }
      await suite.rpc.send(COMMIT_LEAD_IMPORT_V1, { actor: HEAD, jobId: opened.jobId });
      const done = await eventually(() => suite.rpc.send(GET_LEAD_IMPORT_V1, { actor: HEAD, jobId: opened.jobId }) as Promise<LeadImportJobViewV1>, (job) => job.status === 'completed');
      expect(done.accepted).toBe(15_000);
      // Once it had completed, every lead counted; and before (the first analysis), as the chunks doubled the table.
      expect((await eventually(() => statistics('lead'), (s) => s.reltuples === 21_000)).reltuples).toBe(21_000);
      expect(analyses.length).toBeGreaterThanOrEqual(2);
      expect(analyses[0]).toBeLessThan(new Date(done.finishedAt!).getTime());
    } finally {
      spy.mockRestore();
    }
  });
});
