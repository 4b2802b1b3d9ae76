import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule } from '@saleswire/messaging';
import type { ReportingConfig } from './config';
import { ENTITIES, MIGRATIONS } from './data-source';
import { LeadSourceModule } from './lead-source/lead-source.module';

@Module({})
export class AppModule {
  static forRoot(config: ReportingConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(config, {
          entities: ENTITIES,
          migrations: MIGRATIONS,
          consumes: true,
        }),
        LeadSourceModule,
      ],
    };
  }
}
