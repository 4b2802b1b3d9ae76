import { Global, Module, type DynamicModule } from '@nestjs/common';
import { Metrics } from './metrics';
import { ObservabilityController } from './observability.controller';

/** Metrics registry and the health and metrics endpoints; the app provides READINESS_CHECKS. */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(service: string): DynamicModule {
    return {
      module: ObservabilityModule,
      controllers: [ObservabilityController],
      providers: [{ provide: Metrics, useValue: new Metrics(service) }],
      exports: [Metrics],
    };
  }
}
