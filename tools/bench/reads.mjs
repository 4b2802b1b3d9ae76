// The reads phase of `npm run bench` (BENCH_ONLY=reads runs it alone; issue 16): BENCH_READ_LEADS leads (default
// 1,000,000) imported through the API in ten CSV imports (4 managers, 6 sources, names like "Olga Kozlova 123456",
// 5,000 email domains, regions), each import's time printed; then each list, filter combination and search of the
// issue's table, BENCH_READ_REPEATS times each (default 20) through the gateway as the head of sales and as a
// manager, p50/p95; and the database's size. Runs leads and the gateway in their own schemas (leads_rleads,
// iam_rleads) and NATS namespace (rleads), which it drops first.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';

const LEADS = Number(process.env.BENCH_READ_LEADS ?? 1_000_000);
const IMPORTS = 10;
const REPEATS = Number(process.env.BENCH_READ_REPEATS ?? 20);
const NAMESPACE = 'rleads';
// Measures the reads again over the leads a previous run left (no drop, no import): BENCH_READ_REUSE=1.
const REUSE = process.env.BENCH_READ_REUSE === '1';
const SOURCES = ['exhibition', 'seminar', 'conference', 'website', 'inbound_call', 'email'];
const FIRST = ['Olga', 'Irina', 'Anna', 'Peter', 'John', 'Maria', 'Ольга', 'Фёдор', 'Дмитрий', 'Елена'];
const LAST = ['Kozlova', 'Volkova', 'Smith', 'Brown', 'Petrov', 'Ivanova', 'Козлова', 'Ёлкина', 'Соколов', 'Orlov', 'Miller', 'Novak'];
const REGIONS = ['DE', 'DE-BY', 'DE-BE', 'FR', 'FR-IDF', 'RU-MOW', 'RU-SPE', 'PL', ''];

function csvOf(first, rows) {
  const lines = ['name,email,phone,company,source,direction,region'];
  for (let n = first; n < first + rows; n++) {
    const name = `${FIRST[n % FIRST.length]} ${LAST[Math.floor(n / 7) % LAST.length]} ${n}`;
    lines.push(
      `${name},person${n}@domain${n % 5000}.example,+7 9${String(n).padStart(9, '0').slice(0, 2)} ${String(n).padStart(9, '0').slice(2)},Company ${n % 20000},${SOURCES[n % SOURCES.length]},${n % 5 ? 'inbound' : 'outbound'},${REGIONS[n % REGIONS.length]}`,
    );
  }
  return lines.join('\n');
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function timed(url, headers) {
  const times = [];
  let last;
  for (let i = 0; i < REPEATS; i++) {
    const started = performance.now();
    const response = await fetch(url, { headers });
    last = await response.json();
    if (!response.ok) throw new Error(`GET ${url} answered ${response.status}: ${JSON.stringify(last)}`);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const items = Array.isArray(last?.items) ? last.items.length : 1;
  return { p50Ms: Number(percentile(times, 50).toFixed(1)), p95Ms: Number(percentile(times, 95).toFixed(1)), items };
}

export async function benchReads({ env, databaseUrl, natsUrl, root, startBenchProcess, stopProcess, say }) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  if (!REUSE) {
    for (const schema of ['leads_rleads', 'iam_rleads']) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    const { connect } = await import('@nats-io/transport-node');
    const { jetstreamManager } = await import('@nats-io/jetstream');
    const nc = await connect({ servers: natsUrl });
    const jsm = await jetstreamManager(nc);
    for await (const name of jsm.streams.names()) if (name.startsWith(`${NAMESPACE}_`) || name.startsWith(`KV_${NAMESPACE}_`)) await jsm.streams.delete(name);
    await nc.close();
  }

  const readsEnv = { ...env, MESSAGING_NAMESPACE: NAMESPACE };
  const apps = [];
  try {
    apps.push(await startBenchProcess('leads', path.join(root, 'dist/apps/leads/main.js'), { ...readsEnv, DB_SCHEMA: 'leads_rleads' }, '/health/ready'));
    const gateway = await startBenchProcess('gateway', path.join(root, 'dist/apps/gateway/main.js'), { ...readsEnv, DB_SCHEMA: 'iam_rleads' }, '/health/ready');
    apps.push(gateway);
    const api = (p) => `${gateway.url}/api/v1${p}`;
    const tokenOf = async (email, password) =>
      (await (await fetch(api('/auth/token'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) })).json()).accessToken;
    const head = { authorization: `Bearer ${await tokenOf(env.ADMIN_EMAIL, env.ADMIN_PASSWORD)}` };
    const managers = [];
    for (let i = 0; i < 4 && REUSE; i++) {
      const token = await tokenOf(`manager${i}@reads.example`, 'reads-manager-password');
      managers.push({ ...(await (await fetch(api('/users/me'), { headers: { authorization: `Bearer ${token}` } })).json()), token });
    }
    for (let i = 0; i < 4 && !REUSE; i++) {
      const body = { email: `manager${i}@reads.example`, name: `Manager ${i}`, role: 'manager', password: 'reads-manager-password' };
      const created = await fetch(api('/users'), { method: 'POST', headers: { ...head, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (created.status !== 201) throw new Error(`POST /users answered ${created.status}: ${await created.text()}`);
      managers.push({ ...(await created.json()), token: await tokenOf(body.email, body.password) });
    }
    // The leads service learns the users from the gateway's events; the rule refuses users it does not know yet.
    for (let attempt = 0; !REUSE; attempt++) {
      const rule = await fetch(api('/lead-assignment'), {
        method: 'PUT',
        headers: { ...head, 'content-type': 'application/json' },
        body: JSON.stringify({ strategy: 'round_robin', members: managers.map((m) => ({ userId: m.id, weight: 1, active: true })) }),
      });
      if (rule.ok) break;
      if (attempt > 50) throw new Error(`PUT /lead-assignment answered ${rule.status}: ${await rule.text()}`);
      await delay(200);
    }

    const perImport = Math.ceil(LEADS / IMPORTS);
    const imports = [];
    for (let i = 0; i < IMPORTS && !REUSE; i++) {
      const csv = csvOf(i * perImport, perImport);
      const started = Date.now();
      const accepted = await fetch(api('/leads/import'), { method: 'POST', headers: { ...head, 'content-type': 'text/csv' }, body: csv });
      if (accepted.status !== 202) throw new Error(`POST /leads/import answered ${accepted.status}: ${await accepted.text()}`);
      const { jobId } = await accepted.json();
      let job;
      for (;;) {
        job = await (await fetch(api(`/leads/import/${jobId}`), { headers: head })).json();
        if (job.status === 'completed' || job.status === 'failed') break;
        await delay(250);
      }
      const seconds = Number(((Date.now() - started) / 1000).toFixed(1));
      imports.push({ rows: perImport, status: job.status, accepted: job.accepted, seconds });
      say(`reads: import ${i + 1}/${IMPORTS}: ${job.accepted} of ${perImport} rows ${job.status} in ${seconds} s`);
    }

    const manager = managers[0];
    const asManager = { authorization: `Bearer ${manager.token}` };
    const [someLead] = (await (await fetch(api('/leads?limit=1&order=oldest'), { headers: head })).json()).items;
    const loaded = REUSE ? Number((await client.query('SELECT count(*) AS n FROM leads_rleads.lead')).rows[0].n) : LEADS;
    const n = Math.floor(loaded / 2) + 3;
    const exactEmail = `person${n}@domain${n % 5000}.example`;
    const reads = [
      ['GET /leads?limit=50', '/leads?limit=50'],
      ['GET /leads?status=new&source=seminar&limit=50', '/leads?status=new&source=seminar&limit=50'],
      ['GET /leads?source=seminar&region=DE&limit=50', '/leads?source=seminar&region=DE&limit=50'],
      ['GET /leads?direction=outbound&limit=50', '/leads?direction=outbound&limit=50'],
      [`GET /leads?ownerId=<manager>&status=new&limit=50`, `/leads?ownerId=${manager.id}&status=new&limit=50`],
      ['GET /leads?order=oldest&status=new&limit=50', '/leads?order=oldest&status=new&limit=50'],
      ['GET /leads?q=<one exact email>', `/leads?q=${encodeURIComponent(exactEmail)}`],
      ['GET /leads?q=Kozlova&limit=50 (many hits)', '/leads?q=Kozlova&limit=50'],
      ['GET /leads?q=Козлова&limit=50 (Cyrillic, many hits)', `/leads?q=${encodeURIComponent('Козлова')}&limit=50`],
      ['GET /leads?q=елкина&limit=50 (ё as е)', `/leads?q=${encodeURIComponent('елкина')}&limit=50`],
      ['GET /leads?q=<a phone, other punctuation>', `/leads?q=${encodeURIComponent(`+7 (9${String(n).padStart(9, '0').slice(0, 2)}) ${String(n).padStart(9, '0').slice(2)}`)}`],
      // The phone as a Russian caller dictates it, with the trunk 8 (stored from `+7 …`: one key, ADR 0019).
      ['GET /leads?q=<a phone with the trunk 8>', `/leads?q=${encodeURIComponent(`8 9${String(n).padStart(9, '0').slice(0, 2)} ${String(n).padStart(9, '0').slice(2)}`)}`],
      [`GET /leads?q=<a name piece, rare>`, `/leads?q=${encodeURIComponent(`Kozlova ${n}`)}`],
      ['GET /leads?q=<a word nobody has>', '/leads?q=zzqxwv'],
      // Two characters: the words starting with them, from the trigram index (ADR 0019).
      ['GET /leads?q=Ol&limit=50 (two letters, many hits)', '/leads?q=Ol&limit=50'],
      ['GET /leads?q=Ёл&limit=50 (two Cyrillic letters)', `/leads?q=${encodeURIComponent('Ёл')}&limit=50`],
      ['GET /leads?q=zq (two letters, no word starts so)', '/leads?q=zq'],
      ['GET /leads/{id}', `/leads/${someLead.id}`],
    ];
    const results = [];
    for (const [name, url] of reads) {
      const asHead = await timed(api(url), head);
      const mine = await timed(api(url), asManager);
      results.push({ read: name, head: asHead, manager: mine });
      say(`reads: ${name}: head ${asHead.p50Ms}/${asHead.p95Ms} ms (${asHead.items}), manager ${mine.p50Ms}/${mine.p95Ms} ms (${mine.items})`);
    }
    const [size] = (
      await client.query(
        `SELECT pg_size_pretty(pg_database_size(current_database())) AS database,
                pg_size_pretty(pg_total_relation_size('leads_rleads.lead')) AS lead_total,
                pg_size_pretty(pg_relation_size('leads_rleads.lead')) AS lead_heap,
                pg_size_pretty(pg_indexes_size('leads_rleads.lead')) AS lead_indexes,
                (SELECT count(*) FROM leads_rleads.lead)::int AS leads`,
      )
    ).rows;
    return { leads: loaded, repeats: REPEATS, imports, results, size };
  } finally {
    await Promise.all(apps.map((app) => stopProcess(app, { timeoutMs: 10_000 })));
    await client.end();
  }
}

export function readsLines(reads) {
  return [
    `reads at ${reads.leads} leads (${reads.size.leads} stored), ${reads.repeats} requests each, p50/p95 ms:`,
    '| read | head of sales p50 | p95 | manager p50 | p95 |',
    '|---|---|---|---|---|',
    ...reads.results.map((r) => `| \`${r.read}\` | ${r.head.p50Ms} | ${r.head.p95Ms} | ${r.manager.p50Ms} | ${r.manager.p95Ms} |`),
    `imports (s): ${reads.imports.map((i) => i.seconds).join(', ') || 'none (BENCH_READ_REUSE)'}`,
    `size: database ${reads.size.database}; lead table ${reads.size.lead_total} (heap ${reads.size.lead_heap}, indexes ${reads.size.lead_indexes})`,
  ];
}
