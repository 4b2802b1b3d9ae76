import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule } from '@saleswire/messaging';
import { SERVICE, type ReportingConfig } from './config';
import { ENTITIES, MIGRATIONS } from './data-source';
import { LeadSourceModule } from './lead-source/lead-source.module';

@Module({})
export class AppModule {
  static forRoot(config: ReportingConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({
          service: SERVICE,
          database: config.database,
          messaging: config.messaging,
          entities: ENTITIES,
          migrations: MIGRATIONS,
          consumes: true,
        }),
        LeadSourceModule,
      ],
    };
  }
}
