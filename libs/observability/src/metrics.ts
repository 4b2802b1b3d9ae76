import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** The metrics every Saleswire app exposes on `GET /metrics`, in one registry per app. */
export class Metrics {
  readonly registry = new Registry();

  readonly httpRequests = new Histogram({
    name: 'saleswire_http_request_duration_seconds',
    help: 'HTTP requests by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly rpcRequests = new Histogram({
    name: 'saleswire_rpc_request_duration_seconds',
    help: 'NATS request/reply calls by subject and outcome, as the caller saw them',
    labelNames: ['subject', 'outcome'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers: [this.registry],
  });

  readonly eventsPublished = new Counter({
    name: 'saleswire_outbox_published_total',
    help: 'Events the outbox relay published to JetStream',
    labelNames: ['subject'],
    registers: [this.registry],
  });

  readonly outboxPublishLag = new Histogram({
    name: 'saleswire_outbox_publish_lag_seconds',
    help: 'Time from an event being written to the outbox to its acknowledgement by JetStream',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30],
    registers: [this.registry],
  });

  readonly eventsConsumed = new Counter({
    name: 'saleswire_events_consumed_total',
    help: 'Events handled by this service, by subject and outcome (applied, duplicate, retried, dead_lettered, ignored)',
    labelNames: ['subject', 'outcome'],
    registers: [this.registry],
  });

  readonly deadLetters = new Counter({
    name: 'saleswire_dead_letters_total',
    help: 'Events this service moved to the dead-letter stream, by subject and kind of reason (the letter holds the whole reason)',
    labelNames: ['subject', 'kind'],
    registers: [this.registry],
  });

  readonly messagesPruned = new Counter({
    name: 'saleswire_messages_pruned_total',
    help: 'Rows the pruner deleted past their retention, by table (outbox_event: published events; inbox_event: applied event ids)',
    labelNames: ['table'],
    registers: [this.registry],
  });

  readonly projectionLag = new Histogram({
    name: 'saleswire_event_apply_lag_seconds',
    help: "Time from an event's occurrence at its producer to its commit by this service's consumer (a read model's lag in reporting)",
    labelNames: ['subject'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60, 300],
    registers: [this.registry],
  });

  readonly rpcHandled = new Histogram({
    name: 'saleswire_rpc_handling_duration_seconds',
    help: 'Requests this service answered over NATS, by subject and outcome (ok, error), as its handler spent them',
    labelNames: ['subject', 'outcome'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers: [this.registry],
  });

  readonly commandGroupSize = new Histogram({
    name: 'saleswire_command_group_size',
    help: 'Commands applied in one transaction by group commit, by group (1 when the service was idle)',
    labelNames: ['group'],
    buckets: [1, 2, 4, 8, 16, 32, 64, 128],
    registers: [this.registry],
  });

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
  }
}
