// The floor of this machine for `npm run bench`: a bare Fastify endpoint that does one INSERT into PostgreSQL
// per request, with the same pool size as a Saleswire service. Started as its own process, like the apps.
// The read floor (the read-mix phase, FLOOR_READ_ROWS > 0): `GET /leads?source=…`, one indexed keyset page of
// 20 rows from that many, answered as JSON.
// The hop floor (FLOOR_ROLE): the same INSERT or page through the platform's cut with nothing else on it — this
// process as the front (`FLOOR_ROLE=front`) asks a bare NATS responder (`FLOOR_ROLE=service`, a queue group on
// FLOOR_SUBJECT) with nats.js's request, and the responder runs the statement. No Nest, no TypeORM, no
// validation, no authentication, no outbox or events: what a gateway, NATS and one service cost at the least.
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

/** Stores one lead as it came. */
async function create(body) {
  const id = randomUUID();
  await pool.query(`INSERT INTO ${SCHEMA}.lead (id, name, source, body) VALUES ($1, $2, $3, $4)`, [id, body.contact.name, body.source, body]);
  return { id };
}

/** What the front asks the responder: `{ page: source }` or `{ create: body }`. */
async function ask(request) {
  const reply = await nats.request(SUBJECT, JSON.stringify(request), { timeout: 5000 });
  return reply.json();
}

if (ROLE === 'service') {
  nats.subscribe(SUBJECT, {
    queue: 'floor',
    callback: (error, msg) => {
      if (error) return;
      const request = msg.json();
      (request.create ? create(request.create) : page(request.page)).then(
        (answer) => msg.respond(JSON.stringify(answer)),
        (failure) => msg.respond(JSON.stringify({ error: String(failure) })),
      );
    },
  });
}

const app = Fastify();
app.get('/health', async () => ({ status: 'ok' }));
app.post('/leads', async (request, reply) => {
  const answer = ROLE === 'front' ? await ask({ create: request.body }) : await create(request.body);
  reply.status(201);
  return answer;
});
app.get('/leads', async (request) => (ROLE === 'front' ? ask({ page: request.query.source ?? 'exhibition' }) : page(request.query.source)));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.on('SIGTERM', async () => {
  await app.close();
  await nats?.drain();
  await pool?.end();
  process.exit(0);
});
