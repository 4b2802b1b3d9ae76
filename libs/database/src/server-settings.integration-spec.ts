import { DataSource } from 'typeorm';
import { analyseGrownTables, serverSettingWarnings } from './server-settings';

describe('serverSettingWarnings (real PostgreSQL)', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await new DataSource({ type: 'postgres', url: process.env.DATABASE_URL }).initialize();
  });

  afterAll(() => dataSource.destroy());

  it("should warn of autovacuum exactly when the server runs without it, whatever this server's setting", async () => {
    const [{ autovacuum }] = await dataSource.query(`SHOW autovacuum`);
    const [{ track_counts }] = await dataSource.query(`SHOW track_counts`);
    const warnings = await serverSettingWarnings(dataSource);
    if (autovacuum === 'on' && track_counts === 'on') expect(warnings).toEqual([]);
    else expect(warnings).toEqual([expect.stringMatching(/^autovacuum is off on this PostgreSQL server \(autovacuum=\w+, track_counts=\w+\): .*VACUUM \(ANALYZE\)/)]);
  });
});

describe('analyseGrownTables (real PostgreSQL)', () => {
  let dataSource: DataSource;
  const schema = `analyse_${process.pid}`;

  /** The table's heap in pages now, and what its last statistics say. */
  async function pages(table: string): Promise<{ now: number; relpages: number; analysed: number }> {
    const [row] = await dataSource.query(
      `SELECT (pg_relation_size(c.oid) / current_setting('block_size')::int)::int AS now, c.relpages::int AS relpages, s.analyze_count::int AS analysed
         FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid WHERE c.oid = $1::regclass`,
      [`${schema}.${table}`],
    );
    return row;
  }

  /** Inserts rows, a hundred at a time, until the table's heap has `target` pages. */
  async function growTo(table: string, target: number): Promise<void> {
    while ((await pages(table)).now < target) {
      await dataSource.query(`INSERT INTO ${schema}.${table} (id) SELECT gen_random_uuid() FROM generate_series(1, 100)`);
    }
  }

  beforeAll(async () => {
    dataSource = await new DataSource({ type: 'postgres', url: process.env.DATABASE_URL }).initialize();
    await dataSource.query(`CREATE SCHEMA ${schema}`);
    // Autovacuum kept off them, where the server runs it: only the function under test analyses them.
    for (const table of ['growing', 'small', 'elsewhere']) {
      await dataSource.query(`CREATE TABLE ${schema}.${table} (id uuid PRIMARY KEY) WITH (autovacuum_enabled = false)`);
    }
  });

  afterAll(async () => {
    await dataSource.query(`DROP SCHEMA ${schema} CASCADE`);
    await dataSource.destroy();
  });

  it('should analyse a table once it has grown to the minimum, then again only once it has doubled', async () => {
    await growTo('growing', 4);
    await growTo('small', 2);
    await growTo('elsewhere', 8);
    // Only the tables named, only those grown to the minimum.
    expect(await analyseGrownTables(dataSource, schema, ['growing', 'small'], 4)).toEqual([`${schema}.growing`]);
    const first = await pages('growing');
    expect(first).toMatchObject({ relpages: first.now, analysed: 1 });
    expect((await pages('elsewhere')).analysed).toBe(0);
    // Short of double: nothing; double: again.
    await growTo('growing', 2 * first.relpages - 1);
    expect(await analyseGrownTables(dataSource, schema, ['growing', 'small'], 4)).toEqual([]);
    await growTo('growing', 2 * first.relpages);
    expect(await analyseGrownTables(dataSource, schema, ['growing', 'small'], 4)).toEqual([`${schema}.growing`]);
    expect(await pages('growing')).toMatchObject({ relpages: 2 * first.relpages, analysed: 2 });
  });
});
