// The one way the web app reaches the API: the SDK (@saleswire/sdk), same origin, signed with the session's
// credentials. Pages call `api.GET/POST/...` typed by path and read the answer with `read()`.
import { createSaleswireClient, type SaleswireClient } from '@saleswire/sdk';

export type Api = SaleswireClient['api'];

/**
 * A client for the gateway this page came from, holding no credentials yet: the session signs it in
 * (`client.signIn`), which exchanges the email and password for a token and keeps neither. The SDK refreshes
 * the token before it expires (`POST /auth/refresh`); when the session is over anyway (a 401, a refused refresh)
 * it calls `onUnauthorized`, and the app signs the user out (ADR 0021).
 */
export function connect(onUnauthorized: () => void = () => undefined, origin = globalThis.location.origin): SaleswireClient {
  return createSaleswireClient({
    baseUrl: origin,
    // A page waits for a person: two quick retries of a 503/429, not five.
    retry: { attempts: 3, maxRetryAfterMs: 5_000 },
    // The browser's fetch must be called on the window, not as a method of the SDK's options.
    fetch: (input) => globalThis.fetch(input),
    onUnauthorized,
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
