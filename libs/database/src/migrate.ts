import { DataSource, type DataSourceOptions } from 'typeorm';
import { schemaName } from './schema';

/**
 * Creates the service's schema if needed and applies pending migrations, holding a PostgreSQL advisory lock
 * so that replicas starting together apply each migration once.
 */
export async function migrateSchema(dataSource: DataSource): Promise<string[]> {
  const schema = schemaName(dataSource);
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`saleswire.migrate.${schema}`]);
    await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`saleswire.migrate.${schema}`]).catch(() => undefined);
    await runner.release();
  }
}

/** Undoes the last applied migration (for `npm run migrate -- --down`). */
export async function revertLastMigration(dataSource: DataSource): Promise<void> {
  await dataSource.undoLastMigration({ transaction: 'each' });
}

/**
 * The body of each app's `migrate.ts`: applies pending migrations, or with `--down` reverts the last one,
 * then exits. Used by `npm run migrate` and by operators before a rollback.
 */
export async function runMigrationCli(options: DataSourceOptions, argv: string[] = process.argv.slice(2)): Promise<void> {
  const schema = (options as { schema?: string }).schema;
  const dataSource = new DataSource(options);
  await dataSource.initialize();
  try {
    if (argv.includes('--down')) {
      await revertLastMigration(dataSource);
      console.log(JSON.stringify({ level: 'info', msg: 'reverted the last migration', schema }));
    } else {
      const applied = await migrateSchema(dataSource);
      console.log(JSON.stringify({ level: 'info', msg: 'migrations applied', schema, applied }));
    }
  } finally {
    await dataSource.destroy();
  }
}
