import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** HTTP header and NATS header that carry the correlation id across every hop. */
export const CORRELATION_HEADER = 'x-correlation-id';
/** The NATS header that carries the id of the message or request that caused this one. */
export const CAUSATION_HEADER = 'x-causation-id';

export interface CorrelationContext {
  correlationId: string;
  causationId?: string | null;
}

const storage = new AsyncLocalStorage<CorrelationContext>();

/** Runs `fn` with the given correlation context visible to logs, RPC calls and the outbox. */
export function runWithCorrelation<T>(context: CorrelationContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The current correlation context, if any. */
export function currentCorrelation(): CorrelationContext | undefined {
  return storage.getStore();
}

/** The current correlation id, or a new one when the work did not start from a request or event. */
export function correlationIdOrNew(): string {
  return storage.getStore()?.correlationId ?? randomUUID();
}

/** Accepts a client-supplied correlation id only when it is short and printable; otherwise makes one. */
export function sanitizeCorrelationId(value: unknown): string {
  return typeof value === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(value) ? value : randomUUID();
}
