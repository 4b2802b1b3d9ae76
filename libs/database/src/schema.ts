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
