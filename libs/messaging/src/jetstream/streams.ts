import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type ConsumerConfig,
  type JetStreamManager,
} from '@nats-io/jetstream';

/** JetStream's error code for "stream name already in use with a different configuration". */
const STREAM_NAME_IN_USE = 10058;

/** Creates a stream, or updates its subjects and replicas if it exists. Safe to run on every start. */
export async function ensureStream(
  jsm: JetStreamManager,
  definition: { name: string; subjects: string[] },
  replicas: number,
): Promise<void> {
  const config = {
    name: definition.name,
    subjects: definition.subjects,
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    num_replicas: replicas,
    // Relay re-publishes within this window are dropped by their Nats-Msg-Id.
    duplicate_window: 2 * 60 * 1_000_000_000,
  };
  try {
    const info = await jsm.streams.info(definition.name);
    const same =
      info.config.subjects?.join(',') === config.subjects.join(',') && info.config.num_replicas === replicas;
    if (!same) await jsm.streams.update(definition.name, { ...info.config, ...config });
  } catch (error) {
    if (!isNotFound(error)) throw error;
    try {
      await jsm.streams.add(config);
    } catch (addError) {
      // Another replica created it between our look and our add.
      if (!(addError instanceof JetStreamApiError && addError.code === STREAM_NAME_IN_USE)) throw addError;
    }
  }
}

/**
 * Creates or updates a durable pull consumer with explicit acks and a bounded number of deliveries. Where it
 * starts (`deliverFrom`) counts only when it is created: JetStream does not let an existing consumer move.
 */
export async function ensureDurableConsumer(
  jsm: JetStreamManager,
  stream: string,
  durable: string,
  options: { maxDeliver: number; ackWaitMs: number; maxAckPending: number; filterSubject: string; deliverFrom: 'first' | 'new' },
): Promise<void> {
  const config: Partial<ConsumerConfig> = {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: options.deliverFrom === 'new' ? DeliverPolicy.New : DeliverPolicy.All,
    // One more than the handler's own limit: the last delivery is the one that moves it to dead letters.
    max_deliver: options.maxDeliver + 1,
    ack_wait: options.ackWaitMs * 1_000_000,
    max_ack_pending: options.maxAckPending,
    filter_subject: options.filterSubject,
  };
  try {
    await jsm.consumers.info(stream, durable);
    await jsm.consumers.update(stream, durable, {
      max_deliver: config.max_deliver,
      ack_wait: config.ack_wait,
      max_ack_pending: config.max_ack_pending,
      filter_subject: config.filter_subject,
    });
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await jsm.consumers.add(stream, config);
  }
}

/** True when JetStream answered that a stream or consumer does not exist. */
export function isNotFound(error: unknown): boolean {
  return (
    error instanceof JetStreamApiError &&
    (error.code === JetStreamApiCodes.StreamNotFound || error.code === JetStreamApiCodes.ConsumerNotFound)
  );
}
