// Reporting's own time for one report, without the gateway: asks it over NATS as the gateway does, one ask after
// the other, and prints the p50/p90/p99 of the asks after the warm-up (docs/benchmarks.md, "2026-12-05, morning").
// Run against a reporting process already serving a model, e.g. the million-deal one of
// `BENCH_REPORT_LOAD=sql BENCH_NAMESPACE=sqlmil BENCH_ONLY=reports npm run bench`, started from dist/ on it:
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/saleswire_sqlmil MESSAGING_NAMESPACE=sqlmil DB_SCHEMA=reporting_sqlmil \
//     PORT=3999 node --max-old-space-size=160 --max-semi-space-size=8 dist/apps/reporting/main.js &
//   NAMESPACE=sqlmil REPORT=get-managers-report QUERY='{"channel":"indirect","from":"2025-01-01","to":"2026-01-01"}' node tools/bench/report-rpc.mjs
// QUERY=none sends no query (the dashboard's reports take the actor alone). ASKS (150) and WARM (50) set the counts.
import { connect } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';

const namespace = process.env.NAMESPACE ?? 'sqlmil';
const report = process.env.REPORT ?? 'get-managers-report';
const query = process.env.QUERY === 'none' ? undefined : JSON.parse(process.env.QUERY ?? '{}');
const actor = JSON.parse(process.env.ACTOR ?? '{"id":"00000000-0000-4000-8000-000000000001","role":"head_of_sales"}');
const asks = Number(process.env.ASKS ?? 150);
const warm = Number(process.env.WARM ?? 50);

const nats = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
const subject = `${namespace}.rpc.reporting.${report}.v1`;
const times = [];
let bytes = 0;
try {
  for (let ask = 0; ask < asks; ask++) {
    const started = process.hrtime.bigint();
    const reply = await nats.request(subject, JSON.stringify({ pattern: subject, data: query === undefined ? { actor } : { actor, query }, id: randomUUID() }), { timeout: 60_000 });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (ask === 0) {
      const { err } = reply.json();
      if (err) throw new Error(`${subject} answered ${JSON.stringify(err)}`);
      bytes = reply.data.length;
    }
    if (ask >= warm) times.push(ms);
  }
} finally {
  await nats.close();
}
times.sort((a, b) => a - b);
const at = (share) => times[Math.min(times.length - 1, Math.floor(share * times.length))].toFixed(2);
console.log(`${report} ${query === undefined ? '' : JSON.stringify(query)} ${bytes} bytes, ${times.length} asks: p50 ${at(0.5)} ms, p90 ${at(0.9)}, p99 ${at(0.99)}`);
