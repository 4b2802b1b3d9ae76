import type { DataSource, EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';

/** A column of an entity's metadata (typeorm's own module for the type is not one every project resolves). */
export type ColumnMetadata = EntityMetadata['columns'][number];

/** Where each column's value is in a row: its key, and the column. */
export type RowColumns = ReadonlyArray<readonly [key: string, column: ColumnMetadata]>;

/**
 * An entity from a row as PostgreSQL answered it, made as TypeORM's transformer makes one for `find` and `getMany`:
 * created as a loaded entity, then each column's value (found in the row by its key) through the driver's own
 * hydration — its type and its transformer. A key the row does not have is left out.
 */
export function entityOfRow<E extends ObjectLiteral>(dataSource: DataSource, metadata: EntityMetadata, row: Record<string, unknown>, columns: RowColumns): E {
  const entity = metadata.create(undefined, { fromDeserializer: true }) as E;
  for (const [key, column] of columns) {
    const value = row[key];
    if (value !== undefined) column.setEntityValue(entity, dataSource.driver.prepareHydratedValue(value, column));
  }
  return entity;
}

/** The columns of a row of the entity's own table (`RETURNING *`, a `SELECT` of its columns): each by its name. */
function tableColumns(metadata: EntityMetadata): RowColumns {
  return metadata.columns.map((column) => [column.databaseName, column] as const);
}

/**
 * The rows a statement answered from the entity's table (`RETURNING *`, a `SELECT` of its columns), as entities, in
 * the order answered, each as a `find` makes it: a write that answers its rows saves reading them back. Columns the
 * entity does not map (a generated search key) are left out.
 */
export function hydratedRows<E extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<E>, raw: unknown): E[] {
  const metadata = manager.connection.getMetadata(entity);
  const columns = tableColumns(metadata);
  return (raw as Array<Record<string, unknown>>).map((row) => entityOfRow(manager.connection, metadata, row, columns));
}
