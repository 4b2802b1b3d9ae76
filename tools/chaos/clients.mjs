// The chaos suite's clients: they write the way a careful integration does. Every intended write has its own
// Idempotency-Key and is sent again, with the same key and body, after a network error, a timeout, a 5xx, a 429
// or a `409 still being processed`, with a growing, jittered back-off, until it is answered 2xx. So whatever
// the platform loses or repeats is its own doing, not the client's.
import { setTimeout as delay } from 'node:timers/promises';

// Longer than the gateway's RPC timeout (5 s), so a slow answer is waited for rather than abandoned.
const REQUEST_TIMEOUT_MS = 15_000;
const BACKOFF_FIRST_MS = 100;
const BACKOFF_MAX_MS = 2_000;
// A key the gateway claimed for a request that then died with it stays "in progress" until its record
// expires (24 h). A client would wait that long; the suite gives such a write up after this long and says so.
const STUCK_AFTER_MS = 30_000;
const IN_PROGRESS = /still being processed/i;

/** A client of the gateway with one user's token, renewed when an answer is 401. */
export class ApiClient {
  token = undefined;
  /** Answers 401 to a token that had worked before: a restarted gateway that forgot its signing key. */
  rejectedTokens = 0;
  renewing = undefined;

  constructor(baseUrl, credentials) {
    this.baseUrl = baseUrl;
    this.credentials = credentials;
  }

  async login() {
    this.renewing ??= (async () => {
      const { status, body } = await this.send('POST', '/api/v1/auth/token', this.credentials, {}, false);
      if (status !== 200) throw new Error(`login answered ${status}: ${JSON.stringify(body)}`);
      this.token = body.accessToken;
    })().finally(() => (this.renewing = undefined));
    await this.renewing;
  }

  /** One request; answers `{ status, body, headers }`, or throws on a network error or timeout. */
  async send(method, path, body, headers = {}, authorised = true) {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(authorised ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    let parsed = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed, headers: response.headers };
  }

  /**
   * Sends the request until it is answered 2xx, retrying what a client should retry; answers `{ ok, status,
   * body, attempts, answers }` where `answers` counts every answer by status ("network" for no answer). It gives
   * up (`ok: false`) at `deadline`, on an answer no retry can change (400, 403, 404, a 409 for another body), or
   * when the key stayed "still being processed" for STUCK_AFTER_MS (`stuck: true`).
   */
  async sendUntilDone(method, path, body, { idempotencyKey, deadline } = {}) {
    const answers = {};
    let attempts = 0;
    let inProgressSince;
    let last = { status: 'network', body: undefined };
    for (;;) {
      attempts += 1;
      const headers = idempotencyKey ? { 'idempotency-key': idempotencyKey } : {};
      let retryAfterMs;
      try {
        if (!this.token) await this.login();
        const token = this.token;
        last = await this.send(method, path, body, headers);
        if (last.status === 401 && token === this.token) {
          this.rejectedTokens += 1;
          this.token = undefined;
        }
        retryAfterMs = Number(last.headers.get('retry-after')) * 1000 || undefined;
      } catch (error) {
        last = { status: 'network', body: error.cause?.code ?? error.name };
      }
      answers[last.status] = (answers[last.status] ?? 0) + 1;
      if (typeof last.status === 'number' && last.status < 300) return { ok: true, ...last, attempts, answers };
      const inProgress = last.status === 409 && IN_PROGRESS.test(JSON.stringify(last.body));
      inProgressSince = inProgress ? (inProgressSince ?? Date.now()) : undefined;
      const retryable = last.status === 'network' || last.status === 401 || last.status === 429 || last.status >= 500 || inProgress;
      const stuck = inProgress && Date.now() - inProgressSince >= STUCK_AFTER_MS;
      if (!retryable || stuck || Date.now() >= deadline) return { ok: false, stuck, ...last, attempts, answers };
      const backoff = Math.random() * Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** Math.min(attempts - 1, 10));
      await delay(Math.min(retryAfterMs ?? backoff, Math.max(0, deadline - Date.now())));
    }
  }
}

/**
 * Runs `writes` ([{ key, body }]) through `POST path` with `concurrency` clients sharing one queue. `progress()`
 * counts the writes answered so far; `done` resolves with each write's outcome, in order.
 */
export function runWrites(api, path, writes, { concurrency, deadline }) {
  const outcomes = new Array(writes.length);
  let next = 0;
  let answered = 0;
  const worker = async () => {
    while (next < writes.length) {
      const index = next;
      next += 1;
      const { key, body } = writes[index];
      outcomes[index] = await api.sendUntilDone('POST', path, body, { idempotencyKey: key, deadline });
      answered += 1;
    }
  };
  const done = Promise.all(Array.from({ length: concurrency }, worker)).then(() => outcomes);
  return { done, progress: () => answered };
}

/** Every page of a list (`limit` 500), following `nextCursor`; retried like any request. */
export async function listAll(api, path, deadline) {
  const items = [];
  let cursor;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const page = `${path}${separator}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const answer = await api.sendUntilDone('GET', page, undefined, { deadline });
    if (!answer.ok) throw new Error(`GET ${page} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    items.push(...answer.body.items);
    cursor = answer.body.nextCursor;
  } while (cursor);
  return items;
}
