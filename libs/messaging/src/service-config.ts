import type { LogLevel } from '@nestjs/common';
import { databaseConfigFromEnv, type DatabaseConfig } from '@saleswire/database';
import { parseLogLevel } from '@saleswire/observability';
import { messagingConfigFromEnv, type MessagingConfig } from './messaging.config';

/** The settings every Saleswire app has (README, "Configuration"). */
export interface ServiceConfig {
  service: string;
  port: number;
  host: string;
  logLevel: LogLevel | 'silent';
  database: DatabaseConfig;
  messaging: MessagingConfig;
}

/** Reads PORT, HOST, LOG_LEVEL and the database and messaging variables; the schema defaults to `schema`. */
export function serviceConfigFromEnv(
  service: string,
  defaults: { port: number; schema?: string },
  env: NodeJS.ProcessEnv = process.env,
): ServiceConfig {
  const port = env.PORT === undefined || env.PORT === '' ? defaults.port : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT "${env.PORT}" is not a port number`);
  return {
    service,
    port,
    host: env.HOST || '0.0.0.0',
    logLevel: parseLogLevel(env.LOG_LEVEL),
    database: databaseConfigFromEnv(env, defaults.schema ?? service),
    messaging: messagingConfigFromEnv(env, service),
  };
}
