import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { describePlan, expectIndexScan, expectNoSeqScanOn, explainPlan, nodeTypes, scanNodes } from './query-plan';
import { suiteSchema } from './suite';

describe('plan tests (query-plan)', () => {
  const schema = suiteSchema('plan');
  const pg = new Client({ connectionString: process.env.DATABASE_URL });

  beforeAll(async () => {
    await pg.connect();
    await pg.query(`CREATE SCHEMA "${schema}"`);
    await pg.query(`CREATE TABLE "${schema}".items (id int PRIMARY KEY, status text NOT NULL, note text, created_at timestamptz NOT NULL)`);
    await pg.query(`CREATE INDEX items_status_created_idx ON "${schema}".items (status, created_at DESC, id DESC)`);
    // A small table: without the settings the planner would rightly read it sequentially.
    await pg.query(
      `INSERT INTO "${schema}".items SELECT n, (ARRAY['new','won','lost'])[1 + n % 3], 'note ' || n, now() - n * interval '1 minute' FROM generate_series(1, 300) n`,
    );
    await pg.query(`ANALYZE "${schema}".items`);
  });

  afterAll(async () => {
    await pg.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pg.end();
  });

  const byStatus = `SELECT id FROM items WHERE status = $1 ORDER BY created_at DESC, id DESC LIMIT 50`;

  it('plans a query the index answers with that index, in its order, and no sequential scan', async () => {
    const plan = await explainPlan(pg, byStatus, ['new'], { searchPath: schema, sortOff: true });

    expect(() => expectNoSeqScanOn(plan, ['items'])).not.toThrow();
    expect(expectIndexScan(plan, 'items_status_created_idx').indexCond).toContain('status');
    expect(nodeTypes(plan)).not.toContain('Sort');
  });

  it('without the settings, a small table is read sequentially: why the helper discourages it', async () => {
    const plan = await explainPlan(pg, `SELECT id FROM items WHERE status = $1`, ['new'], { searchPath: schema, seqscanOff: false });

    expect(scanNodes(plan)).toEqual([expect.objectContaining({ nodeType: 'Seq Scan', relation: 'items' })]);
  });

  it('fails a query no index can answer, naming the table and showing the plan', async () => {
    const plan = await explainPlan(pg, `SELECT id FROM items WHERE note = $1`, ['note 7'], { searchPath: schema });

    expect(() => expectNoSeqScanOn(plan, ['items'])).toThrow(/sequential scan of items[\s\S]*Seq Scan on items \[filter/);
    expect(() => expectIndexScan(plan, 'items_status_created_idx')).toThrow(/index items_status_created_idx is not used/);
  });

  it('plans through a TypeORM DataSource on one connection, settings and all', async () => {
    const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, schema });
    await dataSource.initialize();
    try {
      const plan = await explainPlan(dataSource, `SELECT id FROM "${schema}".items WHERE status = $1 ORDER BY created_at DESC, id DESC LIMIT 50`, ['won']);

      expect(describePlan(plan)).toContain('items_status_created_idx');
      expectNoSeqScanOn(plan, ['items']);
    } finally {
      await dataSource.destroy();
    }
  });
});
