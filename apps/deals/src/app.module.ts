import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule, UserDirectoryModule } from '@saleswire/messaging';
import { DealsSettingsModule } from './common/deals-settings.module';
import type { DealsConfig } from './config';
import { CustomerModule } from './customer/customer.module';
import { ENTITIES, MIGRATIONS } from './data-source';
import { DealModule } from './deal/deal.module';
import { CustomerHistoryModule } from './history/customer-history.module';
import { DealIntakeModule } from './intake/deal-intake.module';
import { PaymentModule } from './payment/payment.module';
import { PipelineModule } from './pipeline/pipeline.module';
import { RepeatSaleModule } from './repeat-sale/repeat-sale.module';

/** The deals service: customers, pipelines, deals and payments, client history and the repeat-sales rhythm. */
@Module({})
export class AppModule {
  static forRoot(config: DealsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(config, {
          entities: ENTITIES,
          migrations: MIGRATIONS,
          publishes: true,
          consumes: true,
          recordsRequestKeys: true,
        }),
        UserDirectoryModule.forRoot(config.userDirectory),
        DealsSettingsModule.forRoot(config),
        CustomerModule,
        PipelineModule,
        DealModule,
        PaymentModule,
        RepeatSaleModule,
        CustomerHistoryModule,
        DealIntakeModule,
      ],
    };
  }
}
