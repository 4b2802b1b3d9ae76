import { Global, Module, type DynamicModule } from '@nestjs/common';

/** AGGREGATION_DEADLINE_MS: how long an aggregated answer (a customer's history, the dashboard) waits for each service. */
export const AGGREGATION_DEADLINE = Symbol('AGGREGATION_DEADLINE');

/** Provides the deadline to every route module that aggregates. */
@Global()
@Module({})
export class AggregationModule {
  static forRoot(deadlineMs: number): DynamicModule {
    return { module: AggregationModule, providers: [{ provide: AGGREGATION_DEADLINE, useValue: deadlineMs }], exports: [AGGREGATION_DEADLINE] };
  }
}
