// The one way the web app reaches the API: the SDK (@saleswire/sdk), same origin, signed with the session's
// credentials. Pages call `api.GET/POST/...` typed by path and read the answer with `read()`.
import { createSaleswireClient, type SaleswireClient } from '@saleswire/sdk';

export type Api = SaleswireClient['api'];

/**
 * A client for the gateway this page came from, signing in with the email and password given. The SDK keeps
 * both in this client's closure only (no storage) and signs in again when a request is answered 401 because the
 * token expired (ADR 0021).
 */
export function connect(credentials: { email: string; password: string }, origin = globalThis.location.origin): SaleswireClient {
  return createSaleswireClient({
    baseUrl: origin,
    credentials,
    // A page waits for a person: two quick retries of a 503/429, not five.
    retry: { attempts: 3, maxRetryAfterMs: 5_000 },
    // The browser's fetch must be called on the window, not as a method of the SDK's options.
    fetch: (input) => globalThis.fetch(input),
  });
}

/**
 * The answer's body as the view type the page expects. The SDK throws a failed answer as its problem
 * (SaleswireProblem), so only a success reaches here; the views are typed here until the OpenAPI document
 * describes every answer.
 */
export async function read<T>(call: Promise<{ data?: unknown }>): Promise<T> {
  const { data } = await call;
  return data as T;
}
