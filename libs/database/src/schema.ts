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
 *
 * The definitions are written only for the schema's own indexes (a materialized CTE first picks them). Through the
 * `pg_indexes` view PostgreSQL may write another schema's before it filters them out, and an index dropped meanwhile
 * by someone else (a test suite's schema going, beside this one) failed the migration: "cache lookup failed for
 * attribute 1 of relation …".
 */
export async function dropIndexesLike(queryRunner: QueryRunner, tables: string | readonly string[], definition: string): Promise<number> {
  const indexes: Array<{ name: string }> = await queryRunner.query(
    `WITH own AS MATERIALIZED (
       SELECT i.indexrelid, ix.relname AS name
         FROM pg_index i JOIN pg_class ix ON ix.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = $1 AND t.relname = ANY($2))
     SELECT name FROM own WHERE pg_get_indexdef(indexrelid) LIKE $3`,
    [schemaName(queryRunner), typeof tables === 'string' ? [tables] : tables, definition],
  );
  for (const { name } of indexes) await queryRunner.query(`DROP INDEX ${schemaOf(queryRunner)}."${name}"`);
  return indexes.length;
}
