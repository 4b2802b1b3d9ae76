// The deals-write phase of `npm run bench` (BENCH_ONLY=deals-write runs it alone; issue 14): `POST /api/v1/deals`
// for existing customers and `POST /api/v1/deals/{id}/payments` on open deals through the gateway, each saturated
// and at a steady share of that rate (stats.mjs): requests/s, p50/p99 and, per record created, the CPU of each process, the
// SQL and the NATS messages (costs.mjs). Runs against the apps run.mjs started (the gateway, deals, partners and
// reporting consume or serve these writes).
import { costLines } from './costs.mjs';
import { cannon } from './paced.mjs';
import { STEADY_CONNECTIONS, STEADY_NAME, steadyRate } from './stats.mjs';

// Deals are spread over this many customers, payments over every deal the deals phases opened.
const CUSTOMERS = 50;
// Far above what the payments of one run add up to: every deal stays open, so every payment is the same write.
const DEAL_AMOUNT = 10_000_000;
const MIN_DEALS_PER_CONNECTION = 4;

async function api(gateway, token, route, body) {
  const response = await fetch(`${gateway.url}/api/v1${route}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${route} answered ${response.status}: ${text}`);
  return JSON.parse(text);
}

/**
 * POSTs for `seconds` (at `rate` over STEADY_CONNECTIONS, or saturated over `connections`), the n-th request to
 * `route(n)` with `body(n)`; `onCreated` sees each 201's body. Answers autocannon's result (paced.mjs's at a rate).
 */
function post(gateway, token, { route, body, rate, connections, seconds, onCreated = () => {} }) {
  let n = 0;
  return cannon({
    url: gateway.url,
    connections: rate ? STEADY_CONNECTIONS : connections,
    duration: seconds,
    ...(rate ? { overallRate: rate } : {}),
    requests: [
      {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        setupRequest: (request) => {
          n++;
          return { ...request, path: `/api/v1${route(n)}`, body: JSON.stringify(body(n)) };
        },
        onResponse: (status, responseBody) => {
          if (status === 201) onCreated(responseBody);
        },
      },
    ],
  });
}

/**
 * One write measured saturated, then at a steady share of the saturated rate (stats.mjs): summary and costs of each, per
 * record the event `createdSubject` announces.
 */
async function saturatedAndSteady({ measure, summary, say, seconds, connections }, title, createdSubject, load) {
  say(`deals-write: ${title}, ${connections} connections, ${seconds} s`);
  const saturated = await measure(() => load({ connections, seconds }), createdSubject);
  const rate = steadyRate(summary(saturated.result).requestsPerSecond);
  say(`deals-write: ${title} at a steady ${rate} req/s (${STEADY_NAME}), ${seconds} s`);
  const steady = await measure(() => load({ rate, seconds }), createdSubject);
  return {
    saturated: { connections, ...summary(saturated.result), costs: saturated.costs },
    steady: { rate, ...summary(steady.result), costs: steady.costs },
  };
}

/**
 * Runs the phase. `measure(work, createdSubject)` is costs.mjs's measureCosts bound to the running apps; `summary`
 * and `say` are run.mjs's. Answers the report's `dealsWrite` part.
 */
export async function benchDealsWrite({ gateway, token, measure, analyze, seconds, warmupSeconds = 0, connections, summary, say }) {
  const customers = [];
  for (let i = 0; i < CUSTOMERS; i++) customers.push((await api(gateway, token, '/customers', { kind: 'company', name: `Bench Buyer ${i}` })).id);
  const dealBody = (n) => ({ title: `Bench deal ${n}`, customerId: customers[n % customers.length], amount: DEAL_AMOUNT, currency: 'EUR', type: 'transactional', channel: 'direct' });
  const deals = [];
  const phase = { measure, summary, say, seconds, connections };
  const createDeals = ({ rate, connections: c, seconds: s }) =>
    post(gateway, token, {
      route: () => '/deals',
      body: dealBody,
      rate,
      connections: c,
      seconds: s,
      onCreated: (body) => deals.push(JSON.parse(body).id),
    });
  // Deals for the payments before anything is measured, which also warms the path up: fewer open deals than
  // connections would measure payments waiting for each other's lock on their deal.
  while (deals.length < MIN_DEALS_PER_CONNECTION * connections) {
    const more = await Promise.all(Array.from({ length: 10 }, (_, i) => api(gateway, token, '/deals', dealBody(deals.length + i))));
    deals.push(...more.map((deal) => deal.id));
  }
  // As the lead phases (run.mjs): each write measured once the processes have made it a while, unmeasured, and its
  // tables, which the warm-up grew from nothing, analysed as autovacuum would have by then. Without that, reporting's
  // look-up of the deals' facts kept the generic plan it made for a table of a few rows: a scan of every fact for
  // each batch, 3.4–4.4 ms a call against 0.15 in the payments phase after it, a sixth of a core while deals were
  // opened (docs/benchmarks.md, "2026-12-03, afternoon").
  const warmUp = async (title, load) => {
    if (warmupSeconds <= 0) return;
    say(`deals-write: warm-up, ${title}, ${connections} connections, ${warmupSeconds} s, not measured`);
    await load({ connections, seconds: warmupSeconds });
    await analyze();
  };
  await warmUp('POST /api/v1/deals', createDeals);
  const opened = deals.length;
  const created = await saturatedAndSteady(phase, 'POST /api/v1/deals', 'evt.deals.deal.created.v1', createDeals);
  const recordPayments = ({ rate, connections: c, seconds: s }) =>
    post(gateway, token, {
      route: (n) => `/deals/${deals[n % deals.length]}/payments`,
      body: () => ({ amount: 1, currency: 'EUR', paidAt: new Date().toISOString() }),
      rate,
      connections: c,
      seconds: s,
    });
  await warmUp('POST /api/v1/deals/{id}/payments', recordPayments);
  const payments = await saturatedAndSteady(phase, 'POST /api/v1/deals/{id}/payments', 'evt.deals.deal.payment-recorded.v1', recordPayments);
  return { customers: CUSTOMERS, openedBefore: opened, openDeals: deals.length, deals: created, payments };
}

/** The lines the bench prints for this phase. */
export function dealsWriteLines(report) {
  const row = (what, r) => `| ${what} | ${r.requestsPerSecond} | ${r.p50Ms} | ${r.p99Ms} | ${r.non2xx + r.errors} | ${r.costs.platformCpuMs} |`;
  const { deals, payments } = report;
  return [
    '',
    `deals-write: deals for ${report.customers} customers (${report.openedBefore} opened before the phases), then payments spread over the ${report.openDeals} deals opened (all stay open)`,
    '| through the gateway | req/s | p50 ms | p99 ms | failed | platform CPU-ms each |',
    '|---|---|---|---|---|---|',
    row(`POST /api/v1/deals, saturated (${deals.saturated.connections} connections)`, deals.saturated),
    row(`POST /api/v1/deals at a steady ${deals.steady.rate} req/s`, deals.steady),
    row(`POST /api/v1/deals/{id}/payments, saturated (${payments.saturated.connections} connections)`, payments.saturated),
    row(`POST /api/v1/deals/{id}/payments at a steady ${payments.steady.rate} req/s`, payments.steady),
    ...costLines('where the CPU goes: POST /api/v1/deals saturated', 'deal', deals.saturated.costs),
    ...costLines(`the same at a steady ${deals.steady.rate} req/s`, 'deal', deals.steady.costs),
    ...costLines('where the CPU goes: POST /api/v1/deals/{id}/payments saturated', 'payment', payments.saturated.costs),
    ...costLines(`the same at a steady ${payments.steady.rate} req/s`, 'payment', payments.steady.costs),
  ];
}
