import { migrateSchema, schemaName } from '@saleswire/database';
import { DataSource, type DataSourceOptions } from 'typeorm';

/**
 * Applies every migration to a fresh schema, reverts them all one by one, and applies them again: proves
 * that each `down` undoes its `up` (the second `up` would fail on a leftover table). Answers the names of
 * the tables that exist after the first `up`.
 */
export async function expectMigrationsReversible(options: DataSourceOptions): Promise<string[]> {
  const dataSource = new DataSource(options);
  await dataSource.initialize();
  const schema = schemaName(dataSource);
  try {
    const applied = await migrateSchema(dataSource);
    if (applied.length === 0) throw new Error(`no migrations were applied to ${schema}`);
    const tables = await tablesOf(dataSource, schema);
    for (let i = 0; i < applied.length; i++) await dataSource.undoLastMigration({ transaction: 'each' });
    const left = await tablesOf(dataSource, schema);
    if (left.some((table) => table !== 'migrations')) {
      throw new Error(`tables left after reverting every migration: ${left.join(', ')}`);
    }
    const again = await migrateSchema(dataSource);
    if (again.length !== applied.length) throw new Error('the second run did not apply every migration again');
    return tables;
  } finally {
    await dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await dataSource.destroy();
  }
}

async function tablesOf(dataSource: DataSource, schema: string): Promise<string[]> {
  const rows: Array<{ table_name: string }> = await dataSource.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
    [schema],
  );
  return rows.map((row) => row.table_name);
}

/**
 * Applies every migration, then undoes them from the last back to and including `name`: the schema as it stood
 * just before that migration, for a test of what it does to rows stored before it. Undoing "the last migration"
 * would undo whichever migration came last, which changes with every new one.
 */
export async function migrateToJustBefore(dataSource: DataSource, name: string): Promise<void> {
  await migrateSchema(dataSource);
  const table = `"${schemaName(dataSource)}".${dataSource.options.migrationsTableName ?? 'migrations'}`;
  const applied = async (): Promise<string[]> => ((await dataSource.query(`SELECT name FROM ${table}`)) as Array<{ name: string }>).map((row) => row.name);
  if (!(await applied()).includes(name)) throw new Error(`migration ${name} is not among the applied ones`);
  while ((await applied()).includes(name)) await dataSource.undoLastMigration({ transaction: 'each' });
}
