import type { EntityManager, EntityTarget, InsertQueryBuilder, ObjectLiteral } from 'typeorm';
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
 * An entity from a row of its table as PostgreSQL answered it (`RETURNING *`), each column through the driver's own
 * hydration (its type and its transformer), as a `find` makes it: a write that answers the row saves reading it back.
 * Columns the entity does not map (a generated search key) are left out.
 */
export function hydrated<E extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<E>, row: Record<string, unknown>): E {
  const metadata = manager.connection.getMetadata(entity);
  const record = metadata.create() as E;
  for (const column of metadata.columns) {
    if (column.databaseName in row) column.setEntityValue(record, manager.connection.driver.prepareHydratedValue(row[column.databaseName], column));
  }
  return record;
}

/** The rows a write answered (`RETURNING *`), as entities: each through `hydrated`, in the order answered. */
export function hydratedRows<E extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<E>, raw: unknown): E[] {
  return (raw as Array<Record<string, unknown>>).map((row) => hydrated(manager, entity, row));
}

/**
 * Inserts `values` with one statement and answers them as stored (`RETURNING *`: what the database filled in, its
 * defaults, triggers and column types), without reading them back.
 */
export async function insertReturning<E extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<E>, values: InsertValues<E>): Promise<E[]> {
  const { raw } = await manager.createQueryBuilder().insert().into(entity).values(values).returning('*').execute();
  return hydratedRows(manager, entity, raw);
}

/**
 * The records of an entity whose `property` is one of `values`, in `order`, as `find` with `In(values)` answers
 * them, read by one named statement. `= ANY($1)` keeps one text whatever the number of values, so it is parsed and
 * planned once per connection; TypeORM's `In` writes a parameter per value, a new text for every count, planned on
 * every call (five times its run for a deal's team or payments, docs/benchmarks.md).
 */
export async function findWhereAny<E extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<E>,
  property: keyof E & string,
  values: readonly unknown[],
  order: Partial<Record<keyof E & string, 'ASC' | 'DESC'>>,
): Promise<E[]> {
  if (values.length === 0) return [];
  const metadata = manager.dataSource.getMetadata(entity);
  const column = (name: string): string => {
    const found = metadata.findColumnWithPropertyName(name);
    if (!found) throw new Error(`findWhereAny: ${metadata.name} has no column ${name}`);
    return found.databaseName;
  };
  const columns = metadata.columns.map((each) => each.databaseName).join(', ');
  const ordered = Object.entries(order).map(([name, direction]) => `${column(name)} ${direction}`);
  const text =
    `SELECT ${columns} FROM ${schemaOf(manager)}.${metadata.tableName} WHERE ${column(property)} = ANY($1)` +
    (ordered.length ? ` ORDER BY ${ordered.join(', ')}` : '');
  return hydratedRows(manager, entity, await queryNamed(manager, text, [values]));
}
