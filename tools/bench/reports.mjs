// The reports phase of `npm run bench` (BENCH_ONLY=reports runs it alone): the events of BENCH_REPORT_DEALS deals
// (default 2,000: the issue's 1,000,000 is not for a shared machine) with their leads, stage changes, payments and
// losses, over two years, 50 managers, 200 partners, 3 currencies, published straight into the streams; then the
// projection rate (reporting started on the backlog, until its /metrics count every event applied), funnel,
// summary and managers p50/p95 through the gateway with and without filters, the same summary by a plain GROUP BY
// over a normalised table of the same deals (the bench's own, in its own schema: the answers must agree), the
// rebuild rate (`rebuild.js`), and reporting's resident memory.
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { randomFillSync, randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { seededRandom } from '../../libs/testing/src/seeded-random.mjs';
import { cpuSeconds } from './costs.mjs';
import { loadReportFacts } from './report-facts.mjs';
import { timeDashboardInBrowser } from './web-dashboard.mjs';
import { runsWithoutAutovacuum } from './server.mjs';
import { percentile } from './stats.mjs';

const DEALS = Number(process.env.BENCH_REPORT_DEALS ?? 2_000);
// `sql`: the read model written straight from facts (tools/bench/report-facts.mjs), for sizes the projection would
// take hours to reach; the projection and the rebuild are then not measured.
const SQL_LOAD = process.env.BENCH_REPORT_LOAD === 'sql';
// With the SQL load: BENCH_REPORT_REUSE=1 measures again over what an earlier run of the namespace wrote (its
// facts and aggregate rows stay in reporting's schema), which takes twenty minutes to write at a million deals.
const REUSE = SQL_LOAD && process.env.BENCH_REPORT_REUSE === '1';
const QUERIES = Number(process.env.BENCH_REPORT_QUERIES ?? 30);
// Asks of each report after its cold one and before its measured ones, not measured, as every other phase warms up
// before it measures (BENCH_WARMUP_SECONDS): until 2026-12-05 the 30 measured asks were the first after the cold one,
// and their p50 was 20-40 % above the same report's from the 100th ask on (V8 still compiling the report's code).
const WARMUP_ASKS = Number(process.env.BENCH_REPORT_WARMUP ?? 50);
const MANAGERS = 50;
const PARTNERS = 200;
const CURRENCIES = ['EUR', 'USD', 'RUB'];
const STAGES = ['new', 'qualification', 'proposal', 'approval', 'contract', 'payment'];
const PROBABILITY = { new: 10, qualification: 20, proposal: 40, approval: 60, contract: 80, payment: 90, won: 100, lost: 0 };
const PIPELINE = '01936f13-0000-7000-8000-0000000f0001';
const PLAIN = 'reports_bench_plain';
// The order the events are published in. `time` (the default): as they happened, the order a stream that recorded
// two years of selling holds them, and so the order of a rebuild's replay and of a live consumer's backlog. `deal`:
// each deal's events together and the deals at random dates, the order of every run before 2026-12-04 — the worst
// case for a batch, whose events then fall on days and months all over the two years and share few rollup rows.
const ORDER = process.env.BENCH_REPORT_ORDER ?? 'time';
const REPLICAS = Number(process.env.BENCH_REPORT_REPLICAS ?? 1);
if (ORDER !== 'time' && ORDER !== 'deal') throw new Error(`BENCH_REPORT_ORDER must be time or deal, not ${ORDER}`);
const DAY = 86_400_000;

const POOL = Buffer.alloc(4096);
let poolOffset = POOL.length;

/**
 * A UUID version 7 of the moment `ms`, the form the platform mints its ids and event ids in (libs/database,
 * uuid-v7.ts), so that the read model's keys and the inbox's ids arrive in about the order a live stream's do. Until
 * 2026-12-04 the bench used random (version 4) ids: each insert then went to a random page of each index.
 */
function uuidv7At(ms) {
  // Random bytes drawn 4 KB at a time, as uuid-v7.ts does: a `randomBytes(16)` an id was a quarter of generating.
  if (poolOffset + 16 > POOL.length) {
    randomFillSync(POOL);
    poolOffset = 0;
  }
  const bytes = Buffer.from(POOL.subarray(poolOffset, (poolOffset += 16)));
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = 0x70 | (bytes[6] & 0x0f);
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function envelope(type, aggregateId, aggregateVersion, occurredAt, payload) {
  const at = Date.parse(occurredAt);
  return {
    eventId: uuidv7At(at),
    type,
    version: 1,
    occurredAt,
    producer: type.split('.')[0],
    aggregateId,
    aggregateVersion,
    correlationId: uuidv7At(at),
    causationId: null,
    actor: { id: 'system', role: 'system', partnerId: null },
    payload,
  };
}

/**
 * The load: every event in the order it is published (`events()`, a generator, so that no more than the open
 * deals' events are held at once) and each deal as the normalised table holds it, handed to `onDeal` as it is made.
 * In time order the deals are made a day at a time, and each deal's later events wait in the bucket of their day
 * until that day is published: a deal lives at most 40 days, so about 40 of the 730 days' events are held at once.
 * Until 2026-12-04 every event was made first and then sorted, in memory: a million deals' 4.6 million events did
 * not finish in ten minutes (the bench's RSS at 10-11 GB), and the reports at that size were measured only over
 * BENCH_REPORT_LOAD=sql. Now a million deals' 4.4 million events are made in about two minutes in 540 MB.
 */
function generate(deals = DEALS) {
  // Deterministic, so that two runs load the same deals.
  const next = seededRandom(20_261_201);
  const pick = (items) => items[Math.floor(next() * items.length)];
  const owners = Array.from({ length: MANAGERS }, () => randomUUID());
  const partners = Array.from({ length: PARTNERS }, () => randomUUID());
  // Two years ending before today, so that every event has happened by the time the reports are read.
  const start = Date.now() - 800 * DAY;
  // Each deal's day of creation (of the two years), drawn first: in time order the deals are made day by day.
  const days = new Uint16Array(deals);
  for (let i = 0; i < deals; i += 1) days[i] = Math.floor(next() * 730);
  const pipeline = {
    subject: 'evt.deals.pipeline.created.v1',
    event: envelope('deals.pipeline.created', PIPELINE, 1, '2024-01-01T00:00:00.000Z', {
      pipelineId: PIPELINE, name: 'Default', kind: 'new_business', isDefault: true, requiresPayment: true,
      stages: [...STAGES.map((code) => ({ code, name: code, semantics: 'open', probability: PROBABILITY[code] })),
        { code: 'won', name: 'Won', semantics: 'won', probability: 100 }, { code: 'lost', name: 'Lost', semantics: 'lost', probability: 0 }],
      createdAt: '2024-01-01T00:00:00.000Z',
    }),
  };

  /** One deal made on `day`: its events in its own order, each with its day (they all fall on whole days from `start`). */
  const deal = (i, day, onDeal) => {
    const made = [];
    // Each event kept as its JSON text, its day and its id: one string an event, not a tree of objects.
    const add = (subject, event) => made.push({ subject, day: Math.round((Date.parse(event.occurredAt) - start) / DAY), eventId: event.eventId, data: JSON.stringify(event) });
    const indirect = next() < 0.3;
    const facts = {
      dealId: null, customerId: null, pipelineId: PIPELINE, stage: 'new', amount: Math.round(next() * 1_000_000) / 100,
      currency: pick(CURRENCIES), ownerId: pick(owners), channel: indirect ? 'indirect' : 'direct', partnerId: indirect ? pick(partners) : null,
      type: 'consultative', direction: next() < 0.6 ? 'inbound' : 'outbound', source: pick(['exhibition', 'website', 'cold_call', 'referral']),
      isRepeat: next() < 0.2,
    };
    let at = start + day * DAY;
    facts.dealId = uuidv7At(at);
    facts.customerId = uuidv7At(at);
    const leadId = uuidv7At(at);
    const dealId = facts.dealId;
    const iso = () => new Date(at).toISOString();
    add('evt.leads.lead.created.v1', envelope('leads.lead.created', leadId, 1, iso(), {
      leadId, contact: { name: `Lead ${i}` }, company: null, source: facts.source, direction: facts.direction, segment: 'b2b',
      marketingEventId: null, title: null, expectedAmount: null, currency: null, assigneeId: facts.ownerId, partnerId: facts.partnerId,
      isRepeat: facts.isRepeat, customerId: null, duplicateOfId: null, createdAt: iso(),
    }));
    let version = 1;
    add('evt.deals.deal.created.v1', envelope('deals.deal.created', dealId, version, iso(), {
      ...facts, title: `Deal ${i}`, probability: 10, expectedCloseDate: new Date(at + (30 + Math.floor(next() * 120)) * DAY).toISOString().slice(0, 10),
      leadId, registrationId: null, createdAt: iso(),
    }));
    let stage = 'new';
    for (let moves = Math.floor(next() * 4); moves > 0; moves -= 1) {
      const to = STAGES[Math.min(STAGES.length - 1, STAGES.indexOf(stage) + 1 + Math.floor(next() * 2))];
      at += Math.floor(1 + next() * 10) * DAY;
      version += 1;
      add('evt.deals.deal.stage-changed.v1', envelope('deals.deal.stage-changed', dealId, version, iso(), {
        ...facts, stage: to, fromStage: stage, fromSemantics: 'open', semantics: 'open', probability: PROBABILITY[to], reason: null, changedAt: iso(),
      }));
      stage = to;
    }
    const outcome = next();
    let wonAt = null;
    let lostAt = null;
    if (outcome < 0.35) {
      at += Math.floor(1 + next() * 10) * DAY;
      wonAt = iso();
      add('evt.deals.deal.payment-recorded.v1', envelope('deals.deal.payment-recorded', dealId, ++version, iso(), {
        ...facts, stage, paymentId: uuidv7At(at), paymentAmount: facts.amount || 0.01, paymentCurrency: facts.currency, paidAt: iso(), reference: null,
        paidAmount: facts.amount, covered: true,
      }));
      add('evt.deals.deal.won.v1', envelope('deals.deal.won', dealId, ++version, iso(), { ...facts, stage: 'won', paidAmount: facts.amount, wonBy: 'payment', wonAt }));
      stage = 'won';
    } else if (outcome < 0.6) {
      at += Math.floor(1 + next() * 10) * DAY;
      lostAt = iso();
      add('evt.deals.deal.lost.v1', envelope('deals.deal.lost', dealId, ++version, iso(), { ...facts, stage: 'lost', reason: 'Bench', fromStage: stage, lostAt }));
      stage = 'lost';
    }
    onDeal({ dealId, ownerId: facts.ownerId, channel: facts.channel, isRepeat: facts.isRepeat, amount: facts.amount, currency: facts.currency, stage, wonAt, lostAt });
    return made;
  };

  function* events(onDeal) {
    yield { subject: pipeline.subject, eventId: pipeline.event.eventId, data: JSON.stringify(pipeline.event) };
    if (ORDER === 'deal') {
      for (let i = 0; i < deals; i += 1) yield* deal(i, days[i], onDeal);
      return;
    }
    // The deals of each day, in the order they were drawn (a counting sort of their days).
    const firstOfDay = new Uint32Array(731);
    for (const day of days) firstOfDay[day + 1] += 1;
    for (let day = 0; day < 730; day += 1) firstOfDay[day + 1] += firstOfDay[day];
    const ofDay = new Uint32Array(deals);
    const filled = firstOfDay.slice(0, 730);
    for (let i = 0; i < deals; i += 1) ofDay[filled[days[i]]++] = i;
    // Events of a later day wait in that day's bucket; a day's own come out in the order they were made, so that
    // events of one moment keep their order (a lead's creation before its deal's, a payment before the win).
    const buckets = new Map();
    for (let day = 0; day < 730 || buckets.size > 0; day += 1) {
      const bucket = buckets.get(day) ?? [];
      buckets.delete(day);
      if (day < 730) {
        for (let k = firstOfDay[day]; k < firstOfDay[day + 1]; k += 1) {
          for (const made of deal(ofDay[k], day, onDeal)) {
            if (made.day === day) bucket.push(made);
            else if (buckets.has(made.day)) buckets.get(made.day).push(made);
            else buckets.set(made.day, [made]);
          }
        }
      }
      yield* bucket;
    }
  }
  return { events, owners };
}

/**
 * `work` once cold (the first time this process asks it: named statements planned on the connection, pages read
 * in), then WARMUP_ASKS times unmeasured, then `times` times warm: the cold time apart and p50/p95/p99 of the warm
 * ones. Until 2026-12-02 12:00 UTC the first ask was one of the `times` samples, so with 10 samples a report's p95 was
 * mostly its cold ask.
 */
async function timed(times, work) {
  const once = async () => {
    const started = process.hrtime.bigint();
    const answer = await work();
    return { ms: Number(process.hrtime.bigint() - started) / 1e6, answer };
  };
  const cold = await once();
  for (let i = 0; i < WARMUP_ASKS; i += 1) await work();
  const latencies = [];
  let last = cold.answer;
  for (let i = 0; i < times; i += 1) {
    const warm = await once();
    latencies.push(warm.ms);
    last = warm.answer;
  }
  latencies.sort((a, b) => a - b);
  const at = (p) => Number(percentile(latencies, p).toFixed(1));
  return { coldMs: Number(cold.ms.toFixed(1)), p50Ms: at(0.5), p95Ms: at(0.95), p99Ms: at(0.99), last };
}

/**
 * One read of an app's /metrics: the events it applied, and where its memory is (prom-client's process and heap
 * gauges, in MB: V8's heap by space, what V8 holds outside it, and the resident set they are part of).
 */
async function scrape(app) {
  const text = await (await fetch(`${app.url}/metrics`)).text();
  let applied = 0;
  const memory = { spaces: {} };
  const mb = (value) => Math.round(Number(value) / 1048576);
  for (const line of text.split('\n')) {
    // A series' name, its labels (every app's carry `service`), its value.
    const [, name, labels = '', value] = /^(\w+)(\{[^}]*\})? (\S+)$/.exec(line) ?? [];
    if (name === 'saleswire_events_consumed_total' && labels.includes('outcome="applied"')) applied += Number(value);
    else if (name === 'nodejs_heap_space_size_total_bytes') memory.spaces[/space="([^"]+)"/.exec(labels)[1]] = mb(value);
    else if (name === 'nodejs_heap_size_total_bytes') memory.heapTotal = mb(value);
    else if (name === 'nodejs_heap_size_used_bytes') memory.heapUsed = mb(value);
    else if (name === 'nodejs_external_memory_bytes') memory.external = mb(value);
    else if (name === 'process_resident_memory_bytes') memory.rss = mb(value);
  }
  return { applied, memory };
}

/** The reports phase; answers its figures. */
export async function benchReports({ env, databaseUrl, natsUrl, namespace, root, startBenchProcess, stopProcess, rssMb, say }) {
  say(SQL_LOAD ? `reports: the facts of ${DEALS} deals by SQL (BENCH_REPORT_LOAD=sql)` : `reports: generating the events of ${DEALS} deals`);
  // With the SQL load only the pipeline's event is published: the deals' facts are written afterwards.
  const { events, owners: generatedOwners } = generate(SQL_LOAD ? 0 : DEALS);
  let owners = generatedOwners;
  // The normalised table of the plain GROUP BY, filled a thousand deals at a time as they are made.
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${PLAIN} CASCADE`);
  await client.query(`CREATE SCHEMA ${PLAIN}`);
  await client.query(`CREATE TABLE ${PLAIN}.deal (deal_id uuid PRIMARY KEY, owner_id uuid, channel text, is_repeat boolean, amount numeric(18,2), currency text,
    stage text, won_at timestamptz, lost_at timestamptz)`);
  const plain = [];
  const writePlain = async () => {
    await client.query(
      `INSERT INTO ${PLAIN}.deal SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::boolean[], $5::numeric[], $6::text[], $7::text[], $8::timestamptz[], $9::timestamptz[])`,
      [plain.map((d) => d.dealId), plain.map((d) => d.ownerId), plain.map((d) => d.channel), plain.map((d) => d.isRepeat), plain.map((d) => d.amount),
        plain.map((d) => d.currency), plain.map((d) => d.stage), plain.map((d) => d.wonAt), plain.map((d) => d.lostAt)],
    );
    plain.length = 0;
  };
  const nc = await connect({ servers: natsUrl });
  const jsm = await jetstreamManager(nc);
  for (const producer of ['leads', 'deals', 'partners']) {
    const name = `${namespace}_${producer.toUpperCase()}_EVENTS`;
    await jsm.streams.delete(name).catch(() => false);
    await jsm.streams.add({ name, subjects: [`${namespace}.evt.${producer}.>`] });
  }
  const js = jetstream(nc);
  const publishStarted = Date.now();
  let published = 0;
  const publish = async (chunk) => {
    // On a busy machine an acknowledgement can time out: the chunk goes again, and the message ids drop the copies.
    for (let attempt = 1; ; attempt += 1) {
      try {
        await Promise.all(chunk.map(({ subject, eventId, data }) => js.publish(`${namespace}.${subject}`, data, { msgID: eventId, timeout: 30_000 })));
        break;
      } catch (error) {
        if (attempt >= 5) throw error;
        say(`reports: publishing again from event ${published} (${error.message})`);
      }
    }
    published += chunk.length;
    if (plain.length >= 1000) await writePlain();
    if (published % 500_000 < chunk.length) say(`reports: ${published} events published`);
  };
  let chunk = [];
  for (const event of events((deal) => plain.push(deal))) {
    chunk.push(event);
    if (chunk.length === 500) {
      await publish(chunk);
      chunk = [];
    }
  }
  await publish(chunk);
  if (plain.length) await writePlain();
  say(`reports: ${published} events published in ${((Date.now() - publishStarted) / 1000).toFixed(1)} s`);
  await nc.close();

  // Reporting's memory settings as deploy/ runs it (reporting.yaml's, else the ConfigMap's; one given to the bench
  // wins): without a heap limit V8 lets garbage pile up far past it before a full collection, on a machine of 24 GiB,
  // and the resident memory measured is that garbage's (255 MB after the partners reports against 172 with the limit);
  // glibc's default malloc arenas held 3-21 MB more at the peak than the two deploy/ sets.
  const reportingEnv = {
    ...env,
    DB_SCHEMA: `reporting_${namespace}`,
    NODE_OPTIONS: asDeployed(root, 'NODE_OPTIONS'),
    MALLOC_ARENA_MAX: asDeployed(root, 'MALLOC_ARENA_MAX'),
  };
  const projectionStarted = Date.now();
  // BENCH_REPORT_REPLICAS=2: more replicas share the backlog (issue 11's "scales on its own"); after the projection
  // the first alone answers the reports and its memory is measured.
  const [reporting, ...otherReplicas] = await Promise.all(
    Array.from({ length: REPLICAS }, (_, index) =>
      startBenchProcess(index === 0 ? 'reporting' : `reporting-${index + 1}`, path.join(root, 'dist/apps/reporting/main.js'), reportingEnv, '/health/ready'),
    ),
  );
  const replicas = [reporting, ...otherReplicas];
  // The memory of the replica with the most resident memory, as it stood at the read of its peak.
  let projectingMemory = null;
  const appliedByAll = async () => {
    let sum = 0;
    for (const { applied, memory } of await Promise.all(replicas.map(scrape))) {
      sum += applied;
      if (memory.rss > (projectingMemory?.rss ?? 0)) projectingMemory = memory;
    }
    return sum;
  };
  // From the first event applied (the process's start and its migrations left out) to the last.
  let firstApplied = null;
  // The CPU reporting and PostgreSQL spent on the projection, a microsecond figure per event (the boot's included).
  const cpuOf = () => cpuSeconds({ pids: { reporting: replicas.map((replica) => replica.child.pid) }, comms: { postgres: 'postgres' } });
  const cpuBefore = cpuOf();
  // The most resident memory a replica had while it projected (the events in hand and its batches are then held).
  let projectingRssMb = 0;
  for (let applied = await appliedByAll(); applied < published; applied = await appliedByAll()) {
    if (applied > 0 && firstApplied === null) firstApplied = Date.now();
    for (const replica of replicas) projectingRssMb = Math.max(projectingRssMb, rssMb(replica.child.pid));
    // Each read of /metrics costs reporting ~2.5 ms of CPU (prom-client writing every series): read every 50 ms, it
    // was 3 % of the projection's own CPU (a profile of 2026-12-04). Every 200 ms it is under 1 %, and the time is
    // known to within 0.2 s, which BENCH_REPORT_DEALS of 10,000 or more (9 s or more) makes a few per cent at most.
    await delay(200);
  }
  const projectionSeconds = (Date.now() - (firstApplied ?? projectionStarted)) / 1000;
  const cpuAfter = cpuOf();
  const projectionCpuUsPerEvent = Object.fromEntries(
    Object.keys(cpuAfter).map((name) => [name, Math.round(((cpuAfter[name] - cpuBefore[name]) * 1e6) / Math.max(1, published))]),
  );
  say(
    `reports: projected in ${projectionSeconds} s after the first event applied (${(Date.now() - projectionStarted) / 1000} s from the process's start); ` +
      `CPU µs an event: reporting ${projectionCpuUsPerEvent.reporting}${REPLICAS > 1 ? ` (its ${REPLICAS} replicas together)` : ''}, PostgreSQL ${projectionCpuUsPerEvent.postgres}`,
  );
  for (const replica of otherReplicas) await stopProcess(replica, { timeoutMs: 10_000 });
  const earlier = REUSE ? await loadedBefore({ databaseUrl, schema: reportingEnv.DB_SCHEMA }) : null;
  if (earlier) {
    owners = earlier.owners;
    say(`reports: measuring again over the ${earlier.deals} deals an earlier run wrote (BENCH_REPORT_REUSE=1)`);
  }
  const loaded = SQL_LOAD && !earlier ? await loadFacts({ databaseUrl, schema: reportingEnv.DB_SCHEMA, root, owners, say }) : null;
  const vacuumed = await vacuumWithoutAutovacuum({ databaseUrl, schema: reportingEnv.DB_SCHEMA, say });
  const gateway = await startBenchProcess('gateway', path.join(root, 'dist/apps/gateway/main.js'), { ...env, DB_SCHEMA: `iam_${namespace}` }, '/health/ready');
  const { accessToken } = await (
    await fetch(`${gateway.url}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD }) })
  ).json();
  const getAs = async (token, route) => {
    const response = await fetch(`${gateway.url}/api/v1${route}`, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`GET ${route} answered ${response.status}: ${await response.text()}`);
    return response.json();
  };
  const get = (route) => getAs(accessToken, route);
  // The head of sales' dashboard (reporting's five sections; leads and deals do not run here, so their sections
  // come back as warnings at once: what is timed is reporting's part).
  const head = { email: `head-${namespace}@reports.bench`, password: 'reports-bench-password' };
  await fetch(`${gateway.url}/api/v1/users`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...head, name: 'Head of sales', role: 'head_of_sales' }),
  });
  const headToken = (
    await (await fetch(`${gateway.url}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(head) })).json()
  ).accessToken;
  const idleRssMb = Math.round(rssMb(reporting.child.pid));
  let peakRssMb = idleRssMb;
  const sampler = setInterval(() => {
    try {
      peakRssMb = Math.max(peakRssMb, rssMb(reporting.child.pid));
    } catch {
      clearInterval(sampler); // the process is gone; the run says why
    }
  }, 200);
  // A partner with deals, for the summary of one partner's deals.
  const { rows: [{ partner_id: partner }] } = await client.query(
    `SELECT partner_id FROM ${reportingEnv.DB_SCHEMA}.deal_fact WHERE partner_id IS NOT NULL ORDER BY partner_id LIMIT 1`,
  );
  const latencies = {};
  for (const [name, route] of [
    ['funnel', '/reports/funnel'],
    ['funnel, filtered', `/reports/funnel?ownerId=${owners[0]}&channel=direct`],
    ['summary', '/reports/summary'],
    ['summary, filtered', `/reports/summary?ownerId=${owners[0]}&isRepeat=false`],
    ['summary, a channel', '/reports/summary?channel=indirect'],
    ['summary, a partner', `/reports/summary?partnerId=${partner}`],
    ['managers', '/reports/managers'],
    ['managers, filtered', '/reports/managers?channel=indirect&from=2025-01-01&to=2026-01-01'],
    ['partners', '/reports/partners'],
    ['partners, filtered', '/reports/partners?from=2025-01-01&to=2026-01-01&direction=inbound'],
    ['forecast', '/reports/forecast?months=3'],
    ['forecast, filtered', `/reports/forecast?months=3&ownerId=${owners[1]}`],
    ['lead sources', '/reports/lead-sources'],
    ['lead sources, a year', '/reports/lead-sources?from=2025-01-01&to=2026-01-01'],
  ]) {
    try {
      const { coldMs, p50Ms, p95Ms, p99Ms } = await timed(QUERIES, () => get(route));
      // Reporting's resident memory after each report's asks: which report its peak comes with.
      const rssAfterMb = Math.round(rssMb(reporting.child.pid));
      latencies[name] = { coldMs, p50Ms, p95Ms, p99Ms, rssAfterMb };
      say(`reports: ${name} cold ${coldMs} ms, then p50 ${p50Ms} ms, p95 ${p95Ms} ms, p99 ${p99Ms} ms; reporting's RSS after it ${rssAfterMb} MB`);
    } catch (error) {
      // A report slower than the gateway's RPC_TIMEOUT_MS answers 503: a figure too (it failed), not the end of the run.
      latencies[name] = { failed: error.message.slice(0, 160) };
      say(`reports: ${name} failed: ${latencies[name].failed}`);
    }
  }
  try {
    const { coldMs, p50Ms, p95Ms, p99Ms } = await timed(QUERIES, () => getAs(headToken, '/dashboard'));
    const { warnings = [] } = await getAs(headToken, '/dashboard');
    latencies['dashboard (head of sales)'] = { coldMs, p50Ms, p95Ms, p99Ms, warnings: warnings.map((w) => w.service) };
    say(`reports: dashboard cold ${coldMs} ms, then p50 ${p50Ms} ms, p95 ${p95Ms} ms, p99 ${p99Ms} ms (warnings: ${warnings.map((w) => w.service).join(', ') || 'none'})`);
  } catch (error) {
    latencies['dashboard (head of sales)'] = { failed: error.message.slice(0, 160) };
  }
  // The same dashboard as a person opens it: the web app in headless Chromium (issue 13), signed in as the head of sales.
  let browserDashboard;
  try {
    browserDashboard = await timeDashboardInBrowser({ url: gateway.url, credentials: head, runs: Math.min(QUERIES, 5), say });
  } catch (error) {
    browserDashboard = { failed: error.message.slice(0, 200) };
    say(`reports: the dashboard in Chromium failed: ${browserDashboard.failed}`);
  }
  clearInterval(sampler);
  const summary = await get('/reports/summary');

  // The same figures by a plain GROUP BY over a normalised table of the same deals.
  if (SQL_LOAD) {
    await client.query(
      `INSERT INTO ${PLAIN}.deal SELECT deal_id, owner_id, channel, is_repeat, amount, currency,
              CASE WHEN won_at IS NOT NULL THEN 'won' WHEN lost_at IS NOT NULL THEN 'lost' ELSE 'open' END, won_at, lost_at
         FROM ${reportingEnv.DB_SCHEMA}.deal_fact`,
    );
  }
  const groupBy = await timed(QUERIES, async () =>
    (await client.query(`SELECT currency, count(*) FILTER (WHERE won_at IS NOT NULL)::int AS won, count(*) FILTER (WHERE lost_at IS NOT NULL)::int AS lost,
        coalesce(sum(amount) FILTER (WHERE won_at IS NOT NULL), 0)::float8 AS revenue,
        coalesce(sum(amount) FILTER (WHERE won_at IS NULL AND lost_at IS NULL), 0)::float8 AS pipeline
       FROM ${PLAIN}.deal GROUP BY currency ORDER BY currency`)).rows,
  );
  const plainRows = groupBy.last;
  const sum = (rows, key) => rows.reduce((total, row) => total + row[key], 0);
  const money = (list) => Object.fromEntries(list.map(({ currency, value }) => [currency, value]));
  const agree =
    summary.won === sum(plainRows, 'won') &&
    summary.lost === sum(plainRows, 'lost') &&
    plainRows.every((row) => Math.abs((money(summary.revenue)[row.currency] ?? 0) - row.revenue) < 0.005 && Math.abs((money(summary.pipelineValue)[row.currency] ?? 0) - row.pipeline) < 0.005);
  await client.query(`DROP SCHEMA ${PLAIN} CASCADE`);
  await client.end();

  // BENCH_REPORT_REBUILD=0 leaves the rebuild out (it replays every event at the projection's rate); a read model
  // written from facts has no events to replay.
  const rebuildOutput =
    process.env.BENCH_REPORT_REBUILD === '0' || SQL_LOAD ? 'skipped (BENCH_REPORT_REBUILD=0 or BENCH_REPORT_LOAD=sql)' : await rebuild({ root, reportingEnv, say });
  const rebuilt = /rebuilt from (\d+) events in ([\d.]+) s \((\d+) events\/s\)/.exec(rebuildOutput);
  const afterRebuild = await get('/reports/summary');
  const reportingRssMb = { projecting: Math.round(projectingRssMb), projectingMemory, idle: idleRssMb, underLoad: Math.round(peakRssMb), end: Math.round(rssMb(reporting.child.pid)), nodeOptions: reportingEnv.NODE_OPTIONS, mallocArenaMax: reportingEnv.MALLOC_ARENA_MAX };
  await stopProcess(gateway, { timeoutMs: 10_000 });
  await stopProcess(reporting, { timeoutMs: 10_000 });
  return {
    deals: DEALS,
    events: published,
    order: ORDER,
    replicas: REPLICAS,
    projection: SQL_LOAD ? { notMeasured: 'BENCH_REPORT_LOAD=sql' } : { seconds: projectionSeconds, eventsPerSecond: Math.round(published / projectionSeconds), cpuUsPerEvent: projectionCpuUsPerEvent },
    ...(loaded ? { loadedBySql: loaded } : {}),
    ...(vacuumed ? { vacuumedWithoutAutovacuum: vacuumed } : {}),
    ...(earlier ? { reused: earlier } : {}),
    browserDashboard,
    latencies,
    groupBy: { coldMs: groupBy.coldMs, p50Ms: groupBy.p50Ms, p95Ms: groupBy.p95Ms, p99Ms: groupBy.p99Ms, agreesWithSummary: agree, ...(agree ? {} : { groupBy: plainRows, summary }) },
    rebuild: rebuilt ? { events: Number(rebuilt[1]), seconds: Number(rebuilt[2]), eventsPerSecond: Number(rebuilt[3]) } : { output: rebuildOutput.slice(-300) },
    sameAfterRebuild: JSON.stringify({ ...afterRebuild, dataAsOf: null }) === JSON.stringify({ ...summary, dataAsOf: null }),
    reportingRssMb,
  };
}

/** A scraped memory breakdown in words. */
function memoryLine(memory) {
  if (!memory) return 'no memory read';
  const spaces = Object.entries(memory.spaces).filter(([, size]) => size > 0).map(([space, size]) => `${space} ${size}`).join(', ');
  return `RSS ${memory.rss} MB: V8's heap ${memory.heapTotal} (used ${memory.heapUsed}; by space ${spaces}), external ${memory.external}`;
}

/**
 * `rebuild.js` on the live read model, with the NODE_OPTIONS, MALLOC_ARENA_MAX and REBUILD_WORKERS of deploy/'s
 * rebuild Job (a bench's own still win); answers its output.
 */
function rebuild({ root, reportingEnv, say }) {
  const job = 'deploy/reporting-rebuild-job.yaml';
  const env = {
    ...reportingEnv,
    NODE_OPTIONS: asDeployed(root, 'NODE_OPTIONS', job),
    MALLOC_ARENA_MAX: asDeployed(root, 'MALLOC_ARENA_MAX', job),
    REBUILD_WORKERS: process.env.REBUILD_WORKERS ?? deployedSetting(root, job, 'REBUILD_WORKERS') ?? '1',
  };
  say(`reports: rebuilding the read models (REBUILD_WORKERS=${env.REBUILD_WORKERS})`);
  return new Promise((resolve, reject) => {
    let out = '';
    const child = spawn(process.execPath, [path.join(root, 'dist/apps/reporting/rebuild.js')], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`rebuild exited ${code}: ${out.slice(-500)}`))));
  });
}

/**
 * The value of `name` reporting runs with in deploy/ (its Deployment's, or the rebuild Job's: `manifest`): the
 * manifest's container sets its own (its env), else the ConfigMap's applies. A value in the bench's own environment
 * wins.
 */
function asDeployed(root, name, manifest = 'deploy/reporting.yaml') {
  if (process.env[name] !== undefined) return process.env[name];
  const shared = new RegExp(`^\\s*${name}:\\s*"?([^"\\n]+)"?$`, 'm').exec(readFileSync(path.join(root, 'deploy/configmap.yaml'), 'utf8'));
  const value = deployedSetting(root, manifest, name) ?? shared?.[1].trim();
  if (!value) throw new Error(`neither ${manifest} nor deploy/configmap.yaml sets ${name}`);
  return value;
}

/** The value a manifest's container gives `name` in its env, or undefined. */
function deployedSetting(root, manifest, name) {
  const own = new RegExp(`- name: ${name}\\s*\\n\\s*value:\\s*"?([^"\\n]+)"?$`, 'm').exec(readFileSync(path.join(root, manifest), 'utf8'));
  return own?.[1].trim();
}

/** What an earlier SQL load left in reporting's schema: its deals' number and managers; null if it left nothing. */
async function loadedBefore({ databaseUrl, schema }) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT reltuples::bigint AS deals FROM pg_class WHERE oid = to_regclass($1)`, [`${schema}.deal_fact`]);
    if (!rows.length || Number(rows[0].deals) <= 0) return null;
    const owners = await client.query(`SELECT DISTINCT owner_id FROM ${schema}.deal_agg_flow_owner WHERE owner_id IS NOT NULL ORDER BY 1 LIMIT 2`);
    return { deals: Number(rows[0].deals), owners: owners.rows.map((row) => row.owner_id) };
  } finally {
    await client.end();
  }
}

/**
 * On a server without autovacuum (this machine's PostgreSQL has `autovacuum = off`), what autovacuum would have done
 * by the time the reports are read: VACUUM (ANALYZE) of reporting's tables, whose rows the SQL load upserted batch
 * after batch (111,000 dead rows beside 142,000 live ones in one rollup at a million deals) and the projection updated
 * event after event (665,000 dead deal facts beside 300,000 live ones at 300,000 deals, none of its tables ever
 * analysed). Until 2026-12-04 only the SQL load was followed by it: the reports after a projection were read from
 * tables as no server with autovacuum keeps them. Answers the seconds it took, or null where autovacuum runs. The apps
 * warn of such a server at start (libs/database, serverSettingWarnings).
 */
async function vacuumWithoutAutovacuum({ databaseUrl, schema, say }) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    if (!(await runsWithoutAutovacuum(client))) return null;
    const tables = (await client.query(`SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables WHERE schemaname = $1`, [schema])).rows;
    const started = Date.now();
    if (tables.length) await client.query(`VACUUM (ANALYZE) ${tables.map((table) => table.name).join(', ')}`);
    const seconds = (Date.now() - started) / 1000;
    say(`reports: autovacuum is off on this server; VACUUM (ANALYZE) of reporting's ${tables.length} tables took ${seconds} s`);
    return { seconds };
  } finally {
    await client.end();
  }
}

/** The deals' facts and pre-aggregated rows written into reporting's schema (BENCH_REPORT_LOAD=sql). */
async function loadFacts({ databaseUrl, schema, root, owners, say }) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const partners = Array.from({ length: PARTNERS }, () => randomUUID());
    return await loadReportFacts({ client, databaseUrl, schema, root, deals: DEALS, owners, partners, pipeline: PIPELINE, say });
  } finally {
    await client.end();
  }
}

export function reportsLines(result) {
  return [
    '',
    result.reused
      ? `reports: over the ${result.reused.deals} deals an earlier SQL load wrote (BENCH_REPORT_REUSE=1; projection not measured)`
      : result.loadedBySql
      ? `reports: ${result.deals} deals written from facts by SQL in ${result.loadedBySql.factsSeconds.toFixed(1)} s, their pre-aggregated rows computed by reporting's code in ${result.loadedBySql.aggregatesSeconds.toFixed(1)} s (projection not measured)`
      : `reports: ${result.deals} deals, ${result.events} events in ${result.order === 'time' ? 'the order they happened' : "each deal's order, deals at random dates"} (BENCH_REPORT_ORDER=${result.order}); projected by ${result.replicas} replica${result.replicas > 1 ? 's' : ''} at ${result.projection.eventsPerSecond} events/s (${result.projection.seconds} s from the first event applied to the last)`,
    `| report through the gateway (${QUERIES} warm asks after a cold one and ${WARMUP_ASKS} unmeasured) | cold ms | p50 ms | p95 ms | p99 ms |`,
    '|---|---|---|---|---|',
    ...Object.entries(result.latencies).map(([name, l]) =>
      l.failed ? `| ${name} | failed: ${l.failed} | | | |` : `| ${name} | ${l.coldMs} | ${l.p50Ms} | ${l.p95Ms} | ${l.p99Ms} |`,
    ),
    `| plain GROUP BY over a normalised table (SQL only) | ${result.groupBy.coldMs} | ${result.groupBy.p50Ms} | ${result.groupBy.p95Ms} | ${result.groupBy.p99Ms} |`,
    result.browserDashboard?.usableAfterSignIn
      ? `dashboard in headless Chromium (${result.browserDashboard.runs} runs): first screen p50 ${result.browserDashboard.firstScreen.p50Ms} ms; usable after "Sign in" p50 ${result.browserDashboard.usableAfterSignIn.p50Ms} ms, p95 ${result.browserDashboard.usableAfterSignIn.p95Ms} ms; from the menu p50 ${result.browserDashboard.usableFromMenu.p50Ms} ms, p95 ${result.browserDashboard.usableFromMenu.p95Ms} ms${result.browserDashboard.warnings.length ? ` (warnings: ${result.browserDashboard.warnings.join(', ')})` : ''}`
      : `dashboard in headless Chromium: ${JSON.stringify(result.browserDashboard)}`,
    `GROUP BY agrees with the summary: ${result.groupBy.agreesWithSummary}; rebuild: ${JSON.stringify(result.rebuild)}, same summary after it: ${result.sameAfterRebuild}; reporting RSS MB projecting/idle/under load/end ${result.reportingRssMb.projecting}/${result.reportingRssMb.idle}/${result.reportingRssMb.underLoad}/${result.reportingRssMb.end} (NODE_OPTIONS=${result.reportingRssMb.nodeOptions}, MALLOC_ARENA_MAX=${result.reportingRssMb.mallocArenaMax}); at the projection's peak ${memoryLine(result.reportingRssMb.projectingMemory)}`,
  ];
}
