import { AsyncLocalStorage } from 'node:async_hooks';
import { ConflictError } from '../problem.error';

/** Keys and their replies are kept this long (API.md: a retry within a day gets the first answer). */
export const REQUEST_KEY_RETENTION_HOURS = 24;

/** A client's `Idempotency-Key` for one write, as it travels from the gateway to the service that records it. */
export interface RequestKey {
  /** Whose key: the principal that sent the write. Two callers' equal keys never meet. */
  principalId: string;
  key: string;
  /** sha256 of the HTTP request (method, path, canonical body); the same key with another request is a 409. */
  fingerprint: string;
}

/** One string for a caller's key, to find it among others. */
export function requestKeyId(key: Pick<RequestKey, 'principalId' | 'key'>): string {
  return `${key.principalId}\u0000${key.key}`;
}

/**
 * What became of a request's key: still to be used; sent with the request's command to the service that records
 * it; recorded here with the change; or answered with the reply an earlier attempt stored.
 */
export type RequestKeyOutcome = 'pending' | 'sent' | 'recorded' | 'replayed';

/**
 * The key of the request being handled, in the async context of its handler. The gateway opens one per HTTP
 * write (`origin: 'http'`, forwarded by `RpcClient` with the request's one command); a service opens one per
 * command it answers (`origin: 'rpc'`, recorded by `Outbox.command` or `RequestKeys.command`).
 */
export class RequestKeyScope {
  outcome: RequestKeyOutcome = 'pending';

  constructor(
    readonly key: RequestKey,
    readonly origin: 'http' | 'rpc',
    /** The command's subject (or the HTTP route), kept with the key to say what it was used for. */
    readonly subject: string,
  ) {}

  /** True when the answer is the one an earlier attempt with this key stored. */
  get replayed(): boolean {
    return this.outcome === 'replayed';
  }
}

const storage = new AsyncLocalStorage<RequestKeyScope>();

/** Runs `fn` (and everything it starts) with `scope` as the request's key. */
export function runWithRequestKey<T>(scope: RequestKeyScope, fn: () => T): T {
  return storage.run(scope, fn);
}

/** The key of the request being handled, if it has one. */
export function currentRequestKey(): RequestKeyScope | undefined {
  return storage.getStore();
}

/** True when the request being handled was answered from an earlier attempt with the same key. */
export function requestKeyReplayed(): boolean {
  return storage.getStore()?.replayed ?? false;
}

/** What the gateway and the services say when a key comes back with another request (API.md, "Writes"). */
export const DIFFERENT_REQUEST_MESSAGE = 'This Idempotency-Key was used with a different request.';

/** 409 for a key used before with another request, whichever layer notices: the gateway's record or the service's. */
export class IdempotencyKeyReusedError extends ConflictError {
  constructor() {
    super('Conflict', DIFFERENT_REQUEST_MESSAGE, [{ field: 'Idempotency-Key', message: DIFFERENT_REQUEST_MESSAGE }]);
  }
}

/** A reply that an earlier attempt stored, on its way back to the caller, who learns that from a NATS header. */
export class ReplayedReply {
  constructor(readonly value: unknown) {}
}
