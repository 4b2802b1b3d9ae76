import { DataSource, type QueryRunner } from 'typeorm';
import { buildDataSourceOptions } from './database.config';
import { dropIndexesLike } from './schema';

// libs/testing depends on this lib, so this suite makes its own schema.
const SCHEMA = `database_schema_${process.env.MESSAGING_NAMESPACE}`.toLowerCase();

describe('dropIndexesLike (real PostgreSQL)', () => {
  let dataSource: DataSource;
  let runner: QueryRunner;

  const indexes = async (): Promise<string[]> =>
    ((await runner.query(`SELECT tablename || '.' || indexname AS name FROM pg_indexes WHERE schemaname = $1 ORDER BY 1`, [SCHEMA])) as Array<{ name: string }>).map(
      (row) => row.name,
    );

  beforeAll(async () => {
    dataSource = new DataSource(buildDataSourceOptions({ url: process.env.DATABASE_URL!, schema: SCHEMA, poolSize: 1 }, { entities: [], migrations: [], applicationName: 'schema-spec' }));
    await dataSource.initialize();
    await dataSource.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
    await dataSource.query(`CREATE SCHEMA "${SCHEMA}"`);
    for (const table of ['agg', 'agg_copy', 'other']) {
      await dataSource.query(`CREATE TABLE "${SCHEMA}".${table} (day date, year boolean NOT NULL DEFAULT false, n integer)`);
      await dataSource.query(`CREATE INDEX ${table}_year_idx ON "${SCHEMA}".${table} (day) WHERE year`);
      await dataSource.query(`CREATE INDEX ${table}_day_idx ON "${SCHEMA}".${table} (day)`);
    }
    // A copy as reporting's rebuild makes it: the same indexes under generated names.
    await dataSource.query(`DROP TABLE "${SCHEMA}".agg_copy`);
    await dataSource.query(`CREATE TABLE "${SCHEMA}".agg_copy (LIKE "${SCHEMA}".agg INCLUDING ALL)`);
    runner = dataSource.createQueryRunner();
  });

  afterAll(async () => {
    await runner?.release();
    await dataSource?.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`).catch(() => undefined);
    await dataSource?.destroy();
  });

  it('should drop the indexes of the named tables whose definition matches, whatever their names, and no other', async () => {
    expect(await indexes()).toEqual(['agg.agg_day_idx', 'agg.agg_year_idx', 'agg_copy.agg_copy_day_idx', 'agg_copy.agg_copy_day_idx1', 'other.other_day_idx', 'other.other_year_idx']);

    expect(await dropIndexesLike(runner, ['agg', 'agg_copy'], '% WHERE year')).toBe(2);
    // The copy's partial index took the first generated name, its plain one the second.
    expect(await indexes()).toEqual(['agg.agg_day_idx', 'agg_copy.agg_copy_day_idx1', 'other.other_day_idx', 'other.other_year_idx']);

    // One table by name; nothing matching drops nothing.
    expect(await dropIndexesLike(runner, 'other', '%USING btree (day)')).toBe(1);
    expect(await dropIndexesLike(runner, 'other', '%USING btree (day)')).toBe(0);
    expect(await indexes()).toEqual(['agg.agg_day_idx', 'agg_copy.agg_copy_day_idx1', 'other.other_year_idx']);
  });
});
