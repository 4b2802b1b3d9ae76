import { randomUUID } from 'node:crypto';
import { problemOf, retryAfterSeconds } from './problem';

/** How the client retries a request the gateway could not serve for a moment (503, 429) or that never arrived. */
export interface RetryOptions {
  /** Tries in all, the first included (default 5; 1 = no retry). */
  attempts: number;
  /** The first wait when the answer says none (doubled each time, with jitter; default 200 ms). */
  baseDelayMs: number;
  /** The longest wait of the client's own (default 5000 ms). */
  maxDelayMs: number;
  /** The longest Retry-After honoured; a longer one fails at once (default 60000 ms). */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { attempts: 5, baseDelayMs: 200, maxDelayMs: 5000, maxRetryAfterMs: 60_000 };

/** What the transport adds to every request: credentials, and an Idempotency-Key on each POST. */
export interface TransportOptions {
  fetch: typeof fetch;
  retry: RetryOptions;
  /** The headers carrying the caller's credentials, asked for before each try (a token may change). */
  credentials: () => Promise<Record<string, string>>;
  /** Called once when a try is answered 401, to sign in again; true when a new try is worth making. */
  refreshCredentials?: () => Promise<boolean>;
  /** Adds `Idempotency-Key` to every POST without one (default true), so a retried POST happens once. */
  idempotentPosts: boolean;
  /** Waits; a test may make time pass faster. */
  sleep?: (ms: number) => Promise<void>;
}

const RETRIED_STATUSES = new Set([429, 503]);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The wait before try `attempt + 1`: the answer's Retry-After, else exponential backoff with jitter. */
export function retryDelayMs(retry: RetryOptions, attempt: number, retryAfter: number | undefined, random = Math.random): number {
  if (retryAfter !== undefined) return retryAfter * 1000;
  const exponential = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}

/**
 * A `fetch` that signs every request, gives every POST an Idempotency-Key (the same on each retry, so the
 * gateway answers a retry with the first answer and changes nothing twice), retries 429/503 after their
 * Retry-After and a request that never got an answer when it is safe to (an idempotent method or a keyed POST),
 * and throws a failed answer as its typed problem (problem.ts).
 */
export function createTransport(options: TransportOptions): (input: Request) => Promise<Response> {
  const sleep = options.sleep ?? defaultSleep;
  return async (input: Request) => {
    const request = input.clone();
    if (options.idempotentPosts && request.method === 'POST' && !request.headers.has('idempotency-key')) {
      request.headers.set('Idempotency-Key', randomUUID());
    }
    const retriable = SAFE_METHODS.has(request.method) || request.headers.has('idempotency-key');
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      const attemptRequest = request.clone();
      for (const [name, value] of Object.entries(await options.credentials())) attemptRequest.headers.set(name, value);
      let response: Response;
      try {
        response = await options.fetch(attemptRequest);
      } catch (error) {
        // No answer (refused, reset): the request may or may not have arrived; repeat it only when that is safe.
        if (!retriable || attempt >= options.retry.attempts || request.signal.aborted) throw error;
        await sleep(retryDelayMs(options.retry, attempt, undefined));
        continue;
      }
      if (response.ok || (response.status >= 300 && response.status < 400)) return response;
      if (response.status === 401 && !refreshed && options.refreshCredentials) {
        refreshed = true;
        if (await options.refreshCredentials()) {
          attempt--;
          continue;
        }
      }
      if (RETRIED_STATUSES.has(response.status) && attempt < options.retry.attempts) {
        const retryAfter = retryAfterSeconds(response.headers.get('retry-after'));
        if (retryAfter === undefined || retryAfter * 1000 <= options.retry.maxRetryAfterMs) {
          await response.body?.cancel();
          await sleep(retryDelayMs(options.retry, attempt, retryAfter));
          continue;
        }
      }
      throw await problemOf(response);
    }
  };
}
