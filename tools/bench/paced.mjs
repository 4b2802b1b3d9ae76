// The benches' steady load: requests sent at a fixed rate, evenly spaced, whatever the answers do (an open loop, as
// wrk2 sends), each one's latency counted from the moment it was sent. autocannon's `overallRate` is not that: each
// connection sends as fast as it is answered until it has sent its share of the second, then waits for the next
// second (autocannon/lib/httpClient.js, `reqsMadeThisSecond`). At 80 % of the saturated rate that is a saturated
// burst for four fifths of each second and nothing for the rest, and its p50 and p99 were a saturated platform's
// (docs/benchmarks.md, "2026-12-03, evening"). `cannon` is autocannon when no rate is asked, this otherwise.
import autocannon from 'autocannon';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { errors as errorsOf, Pool } from 'undici';
import { percentile } from './stats.mjs';

/** How often the requests due are sent. */
const TICK_MS = 5;
/** How long one request may take before it counts as a timeout, as autocannon's default. */
const TIMEOUT_MS = 10_000;

/**
 * Runs autocannon's `options` (url, connections, duration, requests with setupRequest and onResponse, headers):
 * saturated through autocannon itself, or with `overallRate` paced (`paced`). Answers autocannon's result shape.
 */
export async function cannon(options) {
  if (!options.overallRate) return autocannon(options);
  warmedUp ??= warmUp();
  await warmedUp;
  return paced(options);
}

/**
 * This process's paced sender run once, before its first measured load, against a server of its own and unmeasured:
 * cold, it cost 0.57–0.64 CPU-ms a request at 420 req/s against 0.30–0.40 warm, CPU the measured platform would lose.
 */
let warmedUp;

async function warmUp() {
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(201, { 'content-type': 'application/json' }).end('{"id":"warm-up"}'));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const body = (n) => JSON.stringify({ n, title: 'warm-up' });
    const requests = [{ method: 'POST', headers: { 'content-type': 'application/json' }, setupRequest: (request) => ({ ...request, body: body(Math.random()) }), onResponse: () => {} }];
    await paced({ url: `http://127.0.0.1:${server.address().port}/warm-up`, overallRate: 500, duration: 3, connections: 8, requests });
  } finally {
    server.close();
  }
}

/**
 * `overallRate` requests a second for `duration` seconds, the n-th due at n / rate and sent within TICK_MS of it,
 * over at most `connections` kept-alive connections (a request sent while every connection is busy waits in the
 * pool for one, and its wait counts in its latency). The n-th request is `requests[n % requests.length]` (method,
 * path, headers, body), through its `setupRequest` when it has one; its `onResponse(status, body)` is called with
 * the answer. Answers the parts of
 * autocannon's result the benches read: `requests.average` (answers a second) and `total`, `latency.p50`/`p99`
 * (ms), `non2xx`, `errors`, `timeouts`.
 */
export async function paced({ url, overallRate, duration, connections = 32, requests = [{}], headers = {}, method = 'GET' }) {
  const base = new URL(url);
  const pool = new Pool(base.origin, { connections, pipelining: 1, headersTimeout: TIMEOUT_MS, bodyTimeout: TIMEOUT_MS });
  const latencies = [];
  let non2xx = 0;
  let errors = 0;
  let timeouts = 0;
  const pending = new Set();

  const send = (n) => {
    const sent = performance.now();
    const template = { method, path: base.pathname + base.search, ...requests[n % requests.length] };
    template.headers = { ...headers, ...template.headers };
    const request = template.setupRequest ? template.setupRequest({ ...template }) : template;
    // undici's dispatch with a handler of its own: the answer's status, and its body only for an `onResponse`. Its
    // `request` wrapped every answer in a stream and a promise: 0.23 CPU-ms a request at 500 req/s against 0.14
    // here, CPU the measured platform shares (docs/benchmarks.md, "2026-12-06, morning").
    const chunks = template.onResponse ? [] : null;
    let status = 0;
    const done = new Promise((resolve) => {
      const failed = (error) => {
        if (error instanceof errorsOf.HeadersTimeoutError || error instanceof errorsOf.BodyTimeoutError) timeouts++;
        else errors++;
        resolve();
      };
      try {
        pool.dispatch(
          { method: request.method, path: request.path, headers: request.headers, body: request.body },
          {
            onConnect() {},
            onHeaders(statusCode) {
              status = statusCode;
              return true;
            },
            onData(chunk) {
              chunks?.push(chunk);
              return true;
            },
            onComplete() {
              latencies.push(performance.now() - sent);
              if (status < 200 || status >= 300) non2xx++;
              template.onResponse?.(status, Buffer.concat(chunks).toString('utf8'));
              resolve();
            },
            onError: failed,
          },
        );
      } catch (error) {
        failed(error);
      }
    });
    pending.add(done);
    void done.finally(() => pending.delete(done));
  };

  const interval = 1000 / overallRate;
  const count = Math.round(overallRate * duration);
  const start = performance.now();
  let n = 0;
  // Every TICK_MS the requests due by then go out: a wake-up for each request would cost this process about as
  // much as sending it (0.07–0.09 CPU-ms a timer's wake-up on this machine).
  await new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (n < count && start + n * interval <= now) send(n++);
      if (n < count) return;
      clearInterval(timer);
      resolve();
    };
    const timer = setInterval(tick, TICK_MS);
    tick();
  });
  await Promise.all(pending);
  const seconds = (performance.now() - start) / 1000;
  await pool.close();
  const sorted = latencies.sort((a, b) => a - b);
  const ms = (p) => Number(percentile(sorted, p).toFixed(1));
  return {
    requests: { average: latencies.length / Math.max(seconds, duration), total: latencies.length },
    latency: { p50: ms(0.5), p99: ms(0.99) },
    non2xx,
    errors,
    timeouts,
  };
}
