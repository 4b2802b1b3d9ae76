import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule } from '@saleswire/messaging';
import type { ReportingConfig } from './config';
import { ENTITIES, MIGRATIONS } from './data-source';
import { DashboardModule } from './dashboard/dashboard.module';
import { LeadSourceModule } from './lead-source/lead-source.module';
import { ReportModule } from './report/report.module';

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
          // Sales plans are set by commands whose idempotency keys commit with the plan (ADR 0010).
          recordsRequestKeys: true,
        }),
        LeadSourceModule,
        ReportModule,
        DashboardModule,
      ],
    };
  }
}
