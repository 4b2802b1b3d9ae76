/**
 * PostgreSQL and driver failures that say "the database is away or busy right now", not "this request is
 * wrong": a retry later may well succeed, so callers answer 503 (with Retry-After) or retry where it is safe,
 * never 500. One list, used by the services' RPC filter, the gateway's problem filter, the transaction runner
 * and the event consumer.
 */

/** SQLSTATE codes of a server that is starting, stopping, restarting or out of connections. */
const UNAVAILABLE_STATES = new Set([
  '57P01', // admin_shutdown: the server is shutting down (or restarting) and ended this session
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: "the database system is starting up"
  '53300', // too_many_connections
]);

/** SQLSTATE codes after which the whole transaction may simply be run again. */
const RERUNNABLE_STATES = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
]);

/** Node's socket errors of a connection that could not be opened or broke. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** Messages of pg and pg-pool for a connection that broke or could not be had in time. */
const DRIVER_MESSAGES = [
  /connection terminated/i,
  /terminating connection/i,
  /timeout exceeded when trying to connect/i,
  /connection timeout/i,
  /client has encountered a connection error/i,
  /cannot use a pool after calling end/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
];

/** The SQLSTATE or socket code of an error, looking through TypeORM's wrapper (`driverError`) and `cause`. */
export function errorCodeOf(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const next = (current as { driverError?: unknown; cause?: unknown }).driverError ?? (current as { cause?: unknown }).cause;
    current = next;
  }
  return undefined;
}

function messagesOf(error: unknown): string[] {
  const messages: string[] = [];
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    const message = (current as { message?: unknown }).message;
    if (typeof message === 'string') messages.push(message);
    current = (current as { driverError?: unknown; cause?: unknown }).driverError ?? (current as { cause?: unknown }).cause;
  }
  if (typeof error === 'string') messages.push(error);
  return messages;
}

/** A serialization failure or deadlock: PostgreSQL rolled the transaction back, and running it again is safe. */
export function isRerunnableTransactionError(error: unknown): boolean {
  const code = errorCodeOf(error);
  return code !== undefined && RERUNNABLE_STATES.has(code);
}

/**
 * The connection could not be opened at all (refused, unreachable, the server starting up or full): nothing
 * was sent, so trying again cannot do anything twice.
 */
export function isConnectFailure(error: unknown): boolean {
  const code = errorCodeOf(error);
  if (code === 'ECONNREFUSED' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') return true;
  return code === '57P03' || code === '53300';
}

/**
 * The database is away or busy: a connection exception (SQLSTATE class 08), the server shutting down or
 * starting (57P01-57P03), out of connections (53300), a serialization failure or deadlock (40001, 40P01), or
 * the driver's socket and pool errors. Such a failure is answered 503, not 500.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  const code = errorCodeOf(error);
  if (code !== undefined) {
    if (code.startsWith('08') || UNAVAILABLE_STATES.has(code) || RERUNNABLE_STATES.has(code) || SOCKET_CODES.has(code)) return true;
  }
  return messagesOf(error).some((message) => DRIVER_MESSAGES.some((pattern) => pattern.test(message)));
}
