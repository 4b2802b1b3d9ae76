import { Module, type DynamicModule } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { NatsConnection } from '@nats-io/transport-node';
import { buildDataSourceOptions, DatabaseModule, type DatabaseConfig } from '@saleswire/database';
import { ObservabilityModule, READINESS_CHECKS } from '@saleswire/observability';
import type { DataSource, DataSourceOptions } from 'typeorm';
import type { MessagingConfig } from './messaging.config';
import { MessagingModule, type MessagingModuleOptions } from './messaging.module';
import { NATS_CONNECTION } from './messaging.tokens';

/** The app's tables and the messaging roles it plays. */
export interface PlatformParts extends Omit<MessagingModuleOptions, 'config'> {
  entities: DataSourceOptions['entities'];
  migrations: DataSourceOptions['migrations'];
}

/**
 * What every Saleswire app stands on: metrics and health endpoints, its own schema with migrations applied
 * at start, NATS in the roles it plays, and readiness meaning "the database and NATS answer".
 */
@Module({})
export class PlatformModule {
  static forRoot(
    config: { service: string; database: DatabaseConfig; messaging: MessagingConfig },
    parts: PlatformParts,
  ): DynamicModule {
    const { service, database, messaging } = config;
    const { entities, migrations, ...roles } = parts;
    return {
      module: PlatformModule,
      global: true,
      imports: [
        ObservabilityModule.forRoot(service),
        DatabaseModule.forRoot(buildDataSourceOptions(database, { entities, migrations, applicationName: service })),
        MessagingModule.forRoot({ config: messaging, ...roles }),
      ],
      providers: [
        {
          provide: READINESS_CHECKS,
          inject: [getDataSourceToken(), NATS_CONNECTION],
          useFactory: (dataSource: DataSource, nc: NatsConnection) => [
            { name: 'database', check: async () => void (await dataSource.query('SELECT 1')) },
            { name: 'nats', check: async () => void (await nc.rtt()) },
          ],
        },
      ],
      exports: [READINESS_CHECKS],
    };
  }
}
