import type { EntityManager, EntityTarget, InsertQueryBuilder, ObjectLiteral } from 'typeorm';
import { hydratedRows } from './entity-rows';
import { queryNamed } from './named-query';
import { schemaOf } from './schema';

/** Rows an insert takes, as TypeORM's query builder types them (its type module is not one every project resolves). */
type InsertValues<E extends ObjectLiteral> = Parameters<InsertQueryBuilder<E>['values']>[0];

/**
 * Inserts rows into a table of the service's schema with one statement whatever their number: PostgreSQL reads
 * them from one JSON parameter (`json_populate_recordset`), so a chunk of thousands of rows neither meets the
 * 65,535-parameter limit nor pays for a statement per row. The first row's keys are the columns written: the
 * others get their defaults, and a later row without one of those keys gets NULL there.
 */
export async function insertJsonRows(manager: EntityManager, table: string, rows: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  if (rows.length === 0) return;
  const qualified = `${schemaOf(manager)}.${table}`;
  const columns = Object.keys(rows[0]).join(', ');
  // Named: a call site writes the same columns every time, so its text is fixed and planned once per connection.
  await queryNamed(
    manager,
    `INSERT INTO ${qualified} (${columns}) SELECT ${columns} FROM json_populate_recordset(NULL::${qualified}, $1::json)`,
    [JSON.stringify(rows)],
  );
}

/**
 * Inserts new records of an entity the same way, every column read through the entity's own metadata
 * (names and transformers), so a table with an entity has one column map however its rows are written.
 */
export async function insertEntities<E extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<E>, records: readonly E[]): Promise<void> {
  if (records.length === 0) return;
  const metadata = manager.dataSource.getMetadata(entity);
  const rows = records.map((record) =>
    Object.fromEntries(metadata.columns.map((column) => [column.databaseName, column.getEntityValue(record, true) ?? null])),
  );
  await insertJsonRows(manager, metadata.tableName, rows);
}

/**
 * Inserts new aggregates as `insertEntities` does, but leaves their created and updated dates to the table's
 * default (the transaction's `now()`, as `save()` does) and sets them on the records: one clock, the database's,
 * for every record however many are written at once and by which process.
 */
export async function insertAggregates<E extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<E>, records: readonly E[]): Promise<void> {
  if (records.length === 0) return;
  const metadata = manager.dataSource.getMetadata(entity);
  const dated = [metadata.createDateColumn, metadata.updateDateColumn].filter((column) => column !== undefined);
  const [primary] = metadata.primaryColumns;
  if (dated.length === 0 || !primary || metadata.primaryColumns.length > 1) {
    throw new Error(`insertAggregates: ${metadata.name} needs one primary column and a create or update date column`);
  }
  const columns = metadata.columns.filter((column) => !dated.includes(column));
  const names = columns.map((column) => column.databaseName).join(', ');
  const qualified = `${schemaOf(manager)}.${metadata.tableName}`;
  const rows = records.map((record) => Object.fromEntries(columns.map((column) => [column.databaseName, column.getEntityValue(record, true) ?? null])));
  // Named, as above: planned once per connection, not for every group of leads.
  const stored: Array<Record<string, unknown>> = await queryNamed(
    manager,
    `INSERT INTO ${qualified} (${names}) SELECT ${names} FROM json_populate_recordset(NULL::${qualified}, $1::json)
     RETURNING ${[primary, ...dated].map((column) => column.databaseName).join(', ')}`,
    [JSON.stringify(rows)],
  );
  const byId = new Map(stored.map((row) => [String(row[primary.databaseName]), row]));
  for (const record of records) {
    const row = byId.get(String(primary.getEntityValue(record)));
    if (!row) continue;
    for (const column of dated) column.setEntityValue(record, new Date(row[column.databaseName] as string | Date));
  }
}

/**
 * Inserts `values` with one statement and answers them as stored (`RETURNING *`: what the database filled in, its
 * defaults, triggers and column types), without reading them back.
 */
export async function insertReturning<E extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<E>, values: InsertValues<E>): Promise<E[]> {
  const { raw } = await manager.createQueryBuilder().insert().into(entity).values(values).returning('*').execute();
  return hydratedRows(manager, entity, raw);
}
