import { Global, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { Metrics } from './metrics';
import { ObservabilityController } from './observability.controller';
import { stopTracing } from './tracing';

/** Sends the spans still buffered before the process exits (nothing to do when tracing is off). */
@Injectable()
class TracingShutdown implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await stopTracing();
  }
}

/** Metrics registry and the health and metrics endpoints; the app provides READINESS_CHECKS. */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(service: string): DynamicModule {
    return {
      module: ObservabilityModule,
      controllers: [ObservabilityController],
      providers: [{ provide: Metrics, useValue: new Metrics(service) }, TracingShutdown],
      exports: [Metrics],
    };
  }
}
