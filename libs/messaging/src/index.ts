export * from './messaging.config';
export * from './messaging.module';
export { MESSAGING_CONFIG, NATS_CONNECTION } from './messaging.tokens';
export * from './problem.error';
export * from './keyset';
export * from './transient';
export * from './concurrency';
export * from './worker-loop';
export * from './jetstream/message-headers';
export * from './outbox/outbox';
export * from './outbox/command-group';
export * from './outbox/outbox.relay';
export * from './outbox/outbox.migration';
export * from './outbox/outbox-batches.migration';
export { MessagePruner } from './retention/message-pruner';
export { InboxRetention1765300000003 } from './retention/inbox-retention.migration';
export { OnEvent, OnEventBatch, OnStreamBatch } from './inbox/event-handler.decorator';
export { EventHandlers, type EventBatchHandlerFn, type EventHandlerFn, type StreamBatchHandlerFn, type StreamEvent } from './inbox/event-handler.registry';
export { discoverEventHandlers } from './inbox/event-handler.discovery';
export { EventTarget, EventTransaction } from './inbox/event-transaction';
export type { ConsumerIdentity } from './inbox/consumer-identity';
export { EventConsumer } from './inbox/event-consumer';
export { causedBy } from './inbox/event.applier';
export { EventConsumerFactory, type ExtraConsumerOptions } from './inbox/event-consumer.factory';
export {
  currentRequestKey,
  DIFFERENT_REQUEST_MESSAGE,
  IdempotencyKeyReusedError,
  REQUEST_KEY_RETENTION_HOURS,
  requestKeyReplayed,
  RequestKeyScope,
  runWithRequestKey,
  type RequestKey,
  type RequestKeyOutcome,
} from './request-key/request-key';
export { RequestKeys } from './request-key/request-keys';
export { RequestKeys1764700000000 } from './request-key/request-key.migration';
export * from './rpc/rpc-server';
export { compileContract } from './validation/contract-validator';
export * from './rpc/rpc.client';
export { JsonText } from './rpc/replay-codec';
export * from './service-app';
export * from './platform.module';
export * from './service-config';
export * from './validation/validate-contract';
export * from './validation/input-rules';
export * from './user-directory/user-directory';
export * from './user-directory/user-directory.module';
export { UserDirectory1764800000000 } from './user-directory/user-directory.migration';
