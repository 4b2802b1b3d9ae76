import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { migrateSchema } from './migrate';
import { serverSettingWarnings } from './server-settings';

/** The service's one DataSource, with its migrations applied before anything else uses it (and a warning of server settings that would cost it). */
@Module({})
export class DatabaseModule {
  static forRoot(options: DataSourceOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => options,
          dataSourceFactory: async (resolved) => {
            const dataSource = new DataSource(resolved ?? options);
            await dataSource.initialize();
            await migrateSchema(dataSource);
            for (const warning of await serverSettingWarnings(dataSource)) new Logger('Database').warn(warning);
            return dataSource;
          },
        }),
      ],
      exports: [TypeOrmModule],
    };
  }
}
