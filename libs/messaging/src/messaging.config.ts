/** How a service reaches NATS and how its messages behave. */
export interface MessagingConfig {
  /** The service's name: the producer of its events, the prefix of its durable consumers, its queue group. */
  service: string;
  /**
   * The context whose stream the service's outbox publishes into, when it is not the service's own name: the
   * gateway publishes its users as `evt.iam.*` into `IAM_EVENTS`.
   */
  producer?: string;
  natsUrl: string;
  /**
   * Prefix for every subject and stream name, so that several deployments (or test suites) can share one
   * NATS server without seeing each other's messages. Empty in production.
   */
  namespace: string;
  /** Deliveries of one event before it goes to the dead-letter stream. */
  maxDeliver: number;
  /** Events a consumer handles at once. Projections are order-independent, so this is safe. */
  consumerConcurrency: number;
  /**
   * Events one replica of a consumer holds delivered and unacknowledged at once, which is also the most one batch
   * takes (EVENTS_IN_HAND, default 1,024; at least EVENT_CONCURRENCY × 8); its durable lets ten replicas (deploy/'s most)
   * hold as many each (ADR 0029). A backlog (a replay, a rebuild, a catch-up after
   * an outage) is applied in batches this large: reporting's deal projection replayed 2,000–2,100 events a second
   * with 256 and 2,800–3,300 with 1,024 (docs/benchmarks.md, "2026-12-03, afternoon"). An idle consumer's batches stay
   * what arrived at once.
   */
  eventsInHand: number;
  /** Time a caller waits for a request/reply answer before answering 503. */
  rpcTimeoutMs: number;
  /** Replicas of each stream (3 in a NATS cluster, 1 on one server). */
  streamReplicas: number;
  /**
   * `retentionHours`: how long a published outbox row is kept (OUTBOX_RETENTION_HOURS, default 72). `settleMs`
   * (OUTBOX_SETTLE_MS, default 25): how long the relay lets commits gather after a wake-up before it claims them. What
   * it claims together reaches every consumer together, so it sets the size of their batches too: at 5 ms a lead cost
   * 1.4–1.6 statements and 0.26–0.31 transactions across the platform, at 25 ms about 0.95 and 0.17, for ~20 ms more
   * of event lag (docs/benchmarks.md, "2026-12-05, night").
   */
  outbox: { batchSize: number; concurrency: number; pollMs: number; settleMs: number; retentionHours: number };
  /**
   * How long the inbox remembers an applied event's id (INBOX_RETENTION_HOURS, default 168 = 7 days). A
   * repeat arriving later than that would be applied again, so it must outlast every way an event comes twice:
   * JetStream's redeliveries (max deliveries x ack wait with backoff: minutes), the relay's re-publish after a
   * lost acknowledgement (beyond the streams' 2-minute duplicate window, still minutes), and an operator
   * replaying dead letters after an outage (days): a week covers a long weekend's incident with room to spare.
   */
  inbox: { retentionHours: number };
  /** The pruner's round interval (PRUNE_EVERY_MS, default 10 minutes; 0 turns it off) and batch (PRUNE_BATCH_SIZE, 5000 rows). */
  prune: { everyMs: number; batchSize: number };
}

const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';

function int(value: string | undefined, fallback: number): number {
  const parsed = value === undefined || value === '' ? NaN : Number(value);
  return Number.isInteger(parsed) && parsed > 0 ? parsed : fallback;
}

/** Reads NATS_URL, MESSAGING_NAMESPACE, EVENT_MAX_DELIVER, EVENT_CONCURRENCY, RPC_TIMEOUT_MS, STREAM_REPLICAS, OUTBOX_*, INBOX_RETENTION_HOURS, PRUNE_*. */
export function messagingConfigFromEnv(env: NodeJS.ProcessEnv, service: string): MessagingConfig {
  const namespace = env.MESSAGING_NAMESPACE ?? '';
  if (namespace && !/^[A-Za-z0-9_-]{1,32}$/.test(namespace)) {
    throw new Error('MESSAGING_NAMESPACE must be 1-32 letters, digits, "_" or "-"');
  }
  return {
    service,
    natsUrl: env.NATS_URL || DEFAULT_NATS_URL,
    namespace,
    maxDeliver: int(env.EVENT_MAX_DELIVER, 5),
    consumerConcurrency: int(env.EVENT_CONCURRENCY, 32),
    eventsInHand: int(env.EVENTS_IN_HAND, 1024),
    rpcTimeoutMs: int(env.RPC_TIMEOUT_MS, 5000),
    streamReplicas: int(env.STREAM_REPLICAS, 1),
    outbox: {
      batchSize: int(env.OUTBOX_BATCH_SIZE, 500),
      concurrency: int(env.OUTBOX_CONCURRENCY, 256),
      pollMs: int(env.OUTBOX_POLL_MS, 1000),
      settleMs: int(env.OUTBOX_SETTLE_MS, 25),
      retentionHours: int(env.OUTBOX_RETENTION_HOURS, 72),
    },
    inbox: { retentionHours: int(env.INBOX_RETENTION_HOURS, 168) },
    prune: { everyMs: env.PRUNE_EVERY_MS === '0' ? 0 : int(env.PRUNE_EVERY_MS, 600_000), batchSize: int(env.PRUNE_BATCH_SIZE, 5000) },
  };
}

/** Applies the deployment namespace to subjects and stream names, and removes it again. */
export class Namespace {
  constructor(private readonly prefix: string) {}

  subject(subject: string): string {
    return this.prefix ? `${this.prefix}.${subject}` : subject;
  }

  stream(name: string): string {
    return this.prefix ? `${this.prefix}_${name}` : name;
  }

  /** The subject as contracts know it, or null when it belongs to another namespace. */
  strip(subject: string): string | null {
    if (!this.prefix) return subject;
    return subject.startsWith(`${this.prefix}.`) ? subject.slice(this.prefix.length + 1) : null;
  }
}
