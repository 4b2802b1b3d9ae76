/**
 * Which origins a browser may call the gateway from (issue 15, ADR 0017 as amended): the gateway's own list
 * (`CORS_ORIGINS`, `*` for any) for everyone, plus the origins an API key or a partner lists for its own callers.
 *
 * A preflight carries no credentials (browsers strip `Authorization` and `X-Api-Key` from it), so it cannot tell
 * which key will follow: it is answered for the gateway's list and for any origin some key or partner lists. The
 * actual request carries the credential, and its answer has CORS headers only when the origin is the gateway's or
 * the caller's own; for another caller the browser gets the answer without `Access-Control-Allow-Origin` and
 * keeps it from the page.
 */
export interface GatewayOrigins {
  /** `CORS_ORIGINS` held `*`: every origin, for every caller. */
  any: boolean;
  /** The origins of `CORS_ORIGINS`. */
  listed: ReadonlySet<string>;
}

/** `CORS_ORIGINS` as read by parseCorsOrigins. */
export function gatewayOrigins(corsOrigins: readonly string[]): GatewayOrigins {
  return { any: corsOrigins.includes('*'), listed: new Set(corsOrigins.filter((origin) => origin !== '*')) };
}

/** Whether a preflight from `origin` is answered: the gateway's origins, and any a key or partner lists. */
export function preflightAllows(origin: string | undefined, gateway: GatewayOrigins, listedByARecord: (origin: string) => boolean): boolean {
  if (origin === undefined || origin === '') return false;
  return gateway.any || gateway.listed.has(origin) || listedByARecord(origin);
}

/** Whether an answer to `origin` carries CORS headers: the gateway's origins, and the caller's key's or partner's own. */
export function answerAllows(origin: string | undefined, gateway: GatewayOrigins, callerOrigins: readonly string[]): boolean {
  if (origin === undefined || origin === '') return false;
  return gateway.any || gateway.listed.has(origin) || callerOrigins.includes(origin);
}

/** Whether the gateway's own list lets every caller's browser on `origin` read answers (no credential needed). */
export function gatewayAllows(origin: string | undefined, gateway: GatewayOrigins): boolean {
  return answerAllows(origin, gateway, []);
}
