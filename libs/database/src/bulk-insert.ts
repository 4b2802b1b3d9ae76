import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { queryNamed } from './named-query';
import { schemaOf } from './schema';

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
