import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

type Source = DataSource | EntityManager | QueryRunner;

function optionsOf(source: Source): { schema?: string } {
  const dataSource = 'options' in source ? source : source.dataSource;
  return dataSource.options as { schema?: string };
}

/** The schema a service's data source (or a manager or query runner of it) works in, unquoted: `leads`. */
export function schemaName(source: Source): string {
  const schema = optionsOf(source).schema;
  if (!schema) throw new Error('the data source has no schema');
  return schema;
}

/** The schema quoted for SQL: `"leads"`. Migrations are written once and applied to any schema. */
export function schemaOf(source: Source): string {
  return `"${schemaName(source)}"`;
}

/** A table of the service's own schema, quoted for SQL: `"leads".lead`. */
export function tableOf(source: Source, table: string): string {
  return `${schemaOf(source)}.${table}`;
}

/**
 * Drops the indexes of `tables` (in the source's schema) whose definition is `LIKE` `definition`: by definition, not
 * by name, because a table copied with `CREATE TABLE … (LIKE … INCLUDING ALL)` (reporting's rebuild) carries
 * generated index names. Answers how many it dropped.
 */
export async function dropIndexesLike(queryRunner: QueryRunner, tables: string | readonly string[], definition: string): Promise<number> {
  const indexes: Array<{ name: string }> = await queryRunner.query(
    `SELECT indexname AS name FROM pg_indexes WHERE schemaname = $1 AND tablename = ANY($2) AND indexdef LIKE $3`,
    [schemaName(queryRunner), typeof tables === 'string' ? [tables] : tables, definition],
  );
  for (const { name } of indexes) await queryRunner.query(`DROP INDEX ${schemaOf(queryRunner)}."${name}"`);
  return indexes.length;
}
