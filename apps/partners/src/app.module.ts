import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule } from '@saleswire/messaging';
import type { PartnersConfig } from './config';
import { ENTITIES, MIGRATIONS } from './data-source';

/** The partners service's skeleton: its schema, its event stream and its health; features land per issue. */
@Module({})
export class AppModule {
  static forRoot(config: PartnersConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(config, {
          entities: ENTITIES,
          migrations: MIGRATIONS,
          publishes: true,
          recordsRequestKeys: true,
        }),
      ],
    };
  }
}
