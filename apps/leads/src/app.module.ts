import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule } from '@saleswire/messaging';
import { SERVICE, type LeadsConfig } from './config';
import { ENTITIES, MIGRATIONS } from './data-source';
import { LeadModule } from './lead/lead.module';

@Module({})
export class AppModule {
  static forRoot(config: LeadsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({
          service: SERVICE,
          database: config.database,
          messaging: config.messaging,
          entities: ENTITIES,
          migrations: MIGRATIONS,
          publishes: true,
        }),
        LeadModule,
      ],
    };
  }
}
