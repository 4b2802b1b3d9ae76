// The floor of this machine for `npm run bench`: a bare Fastify endpoint that does one INSERT into PostgreSQL
// per request, with the same pool size as a Saleswire service. Started as its own process, like the apps.
// The read floor (the read-mix phase, FLOOR_READ_ROWS > 0): `GET /leads?source=…`, one indexed keyset page of
// 20 rows from that many, answered as JSON.
// The hop floor (FLOOR_ROLE): the same page through the platform's cut with nothing else on it — this process as
// the front (`FLOOR_ROLE=front`) asks a bare NATS responder (`FLOOR_ROLE=service`, a queue group on
// FLOOR_SUBJECT) with nats.js's request, and the responder runs the query. No Nest, no TypeORM, no validation,
// no authentication: what a gateway, NATS and one service cost at the least on this machine.
import { connect } from '@nats-io/transport-node';
import Fastify from 'fastify';
import { randomUUID } from 'node:crypto';
import pg from 'pg';

const ROLE = process.env.FLOOR_ROLE ?? 'alone';
const SUBJECT = process.env.FLOOR_SUBJECT ?? 'bench.floor.leads';
// Its own schema per phase (FLOOR_SCHEMA), so that the read floor never empties the write floor's table.
const SCHEMA = process.env.FLOOR_SCHEMA ?? 'bench_floor';
const READ_ROWS = Number(process.env.FLOOR_READ_ROWS ?? 0);
const PAGE = `SELECT id, name, source, body, created_at AS "createdAt" FROM ${SCHEMA}.lead WHERE source = $1 ORDER BY id DESC LIMIT 20`;

const pool = ROLE === 'front' ? null : new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const nats = ROLE === 'alone' ? null : await connect({ servers: process.env.NATS_URL, noAsyncTraces: true });

if (pool) {
  await pool.query(`CREATE SCHEMA IF NOT EXISTS ${SCHEMA}`);
  await pool.query(`CREATE TABLE IF NOT EXISTS ${SCHEMA}.lead (
    id uuid PRIMARY KEY, name text NOT NULL, source text NOT NULL, body jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now())`);
  await pool.query(`TRUNCATE ${SCHEMA}.lead`);
  if (READ_ROWS > 0) {
    await pool.query(`INSERT INTO ${SCHEMA}.lead (id, name, source, body)
      SELECT gen_random_uuid(), 'Visitor ' || i, (ARRAY['exhibition', 'website', 'call', 'partner'])[1 + i % 4],
             jsonb_build_object('contact', jsonb_build_object('name', 'Visitor ' || i), 'title', 'Stand visit ' || i)
        FROM generate_series(1, $1) i`, [READ_ROWS]);
    await pool.query(`CREATE INDEX IF NOT EXISTS lead_source_id ON ${SCHEMA}.lead (source, id DESC)`);
    await pool.query(`ANALYZE ${SCHEMA}.lead`);
  }
}

/** One page of the source's leads, newest first. */
async function page(source) {
  const { rows } = await pool.query(PAGE, [source ?? 'exhibition']);
  return { items: rows, nextCursor: rows.length === 20 ? rows[19].id : null };
}

if (ROLE === 'service') {
  nats.subscribe(SUBJECT, {
    queue: 'floor',
    callback: (error, msg) => {
      if (error) return;
      page(msg.json().source).then(
        (answer) => msg.respond(JSON.stringify(answer)),
        (failure) => msg.respond(JSON.stringify({ error: String(failure) })),
      );
    },
  });
}

const app = Fastify();
app.get('/health', async () => ({ status: 'ok' }));
app.post('/leads', async (request, reply) => {
  const body = request.body;
  const id = randomUUID();
  await pool.query(`INSERT INTO ${SCHEMA}.lead (id, name, source, body) VALUES ($1, $2, $3, $4)`, [
    id,
    body.contact.name,
    body.source,
    body,
  ]);
  reply.status(201);
  return { id };
});
app.get('/leads', async (request) => {
  if (ROLE !== 'front') return page(request.query.source);
  const reply = await nats.request(SUBJECT, JSON.stringify({ source: request.query.source }), { timeout: 5000 });
  return reply.json();
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.on('SIGTERM', async () => {
  await app.close();
  await nats?.drain();
  await pool?.end();
  process.exit(0);
});
