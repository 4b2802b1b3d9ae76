import {
  ClosedConnectionError,
  ConnectionError,
  DrainingConnectionError,
  NoRespondersError,
  RequestError,
  TimeoutError,
} from '@nats-io/transport-node';
import { isTransientDatabaseError } from '@saleswire/database';
import { ProblemError, ServiceUnavailableError } from './problem.error';

/** Seconds a client is told to wait (`Retry-After`) before it sends again what met a transient fault. */
export const RETRY_AFTER_SECONDS = 1;

/** NATS failures of a connection that is away or a request nobody answered in time. */
function isTransientNatsError(error: unknown): boolean {
  return [ConnectionError, ClosedConnectionError, DrainingConnectionError, NoRespondersError, RequestError, TimeoutError].some(
    (type) => error instanceof type,
  );
}

/**
 * A failure of the infrastructure rather than of the request: the database away or busy (libs/database's list),
 * NATS away, or another service answering 503. Retrying later may succeed, so it is a 503 for a caller and a
 * reason for an event consumer to wait, not to spend the event's deliveries.
 */
export function isTransientError(error: unknown): boolean {
  if (error instanceof ProblemError) return error.status === 503;
  return isTransientDatabaseError(error) || isTransientNatsError(error);
}

/**
 * How a failure is answered, in one place for the services' RPC filter and the gateway's problem filter: a
 * `ProblemError` as it is, a transient fault as a 503 `ServiceUnavailableError`, anything else `null` (a 500
 * whose details stay in the log).
 */
export function toProblemError(error: unknown): ProblemError | null {
  if (error instanceof ProblemError) return error;
  if (isTransientDatabaseError(error)) return new ServiceUnavailableError('The database is not available right now; send the request again.');
  if (isTransientNatsError(error)) return new ServiceUnavailableError('The message broker is not available right now; send the request again.');
  return null;
}
