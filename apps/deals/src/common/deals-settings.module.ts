import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { DealsConfig } from '../config';

/** The repeat-sales settings (`RepeatSalesConfig`): read by the rhythm and by deals (repeat detection). */
export const REPEAT_SALES_CONFIG = Symbol('REPEAT_SALES_CONFIG');

/** The deals service's own settings, available to every feature module. */
@Global()
@Module({})
export class DealsSettingsModule {
  static forRoot(config: DealsConfig): DynamicModule {
    return {
      module: DealsSettingsModule,
      providers: [{ provide: REPEAT_SALES_CONFIG, useValue: config.repeatSales }],
      exports: [REPEAT_SALES_CONFIG],
    };
  }
}
