import type { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from './naming.strategy';
import { PG_CLIENT_OPTIONS } from './pg-connection';

/** Where a service's data lives: its own connection settings and its own schema. */
export interface DatabaseConfig {
  url: string;
  schema: string;
  /** Connections in this process's pool. */
  poolSize?: number;
}

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/saleswire';

/** Reads `DATABASE_URL`, `DB_SCHEMA` and `DB_POOL_SIZE` with the service name as the default schema. */
export function databaseConfigFromEnv(env: NodeJS.ProcessEnv, defaultSchema: string): DatabaseConfig {
  return {
    url: env.DATABASE_URL || DEFAULT_DATABASE_URL,
    schema: env.DB_SCHEMA || defaultSchema,
    poolSize: env.DB_POOL_SIZE ? Number(env.DB_POOL_SIZE) : 10,
  };
}

/** TypeORM options for one service: its schema, snake_case names, explicit migrations, never `synchronize`. */
export function buildDataSourceOptions(
  config: DatabaseConfig,
  parts: { entities: DataSourceOptions['entities']; migrations: DataSourceOptions['migrations']; applicationName: string },
): DataSourceOptions {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(config.schema)) {
    throw new Error(`DB_SCHEMA "${config.schema}" must be a lower-case SQL identifier`);
  }
  return {
    type: 'postgres',
    url: config.url,
    schema: config.schema,
    entities: parts.entities,
    migrations: parts.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    namingStrategy: new SnakeNamingStrategy(),
    applicationName: parts.applicationName,
    extra: { max: config.poolSize ?? 10, connectionTimeoutMillis: 5000, ...PG_CLIENT_OPTIONS },
  };
}
