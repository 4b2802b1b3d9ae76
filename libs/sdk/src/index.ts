export { createSaleswireClient, refreshDue, SaleswireClient, type Answer, type Credentials, type ListItem, type ListParams, type ListPath, type SaleswireClientOptions, type Schema } from './client';
export { followEventStream, parseEventStream, type FollowOptions, type StreamEvent } from './event-stream';
export type { components, operations, paths } from './generated/openapi';
export { paginate, type Page } from './paging';
export * from './problem';
export { createTransport, DEFAULT_RETRY, retryDelayMs, type RetryOptions, type TransportOptions } from './transport';
