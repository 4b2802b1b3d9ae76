// The floor of this machine for `npm run bench`: a bare Fastify endpoint that does one INSERT into PostgreSQL
// per request, with the same pool size as a Saleswire service. Started as its own process, like the apps.
import Fastify from 'fastify';
import { randomUUID } from 'node:crypto';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
await pool.query('CREATE SCHEMA IF NOT EXISTS bench_floor');
await pool.query(`CREATE TABLE IF NOT EXISTS bench_floor.lead (
  id uuid PRIMARY KEY, name text NOT NULL, source text NOT NULL, body jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now())`);
await pool.query('TRUNCATE bench_floor.lead');

const app = Fastify();
app.get('/health', async () => ({ status: 'ok' }));
app.post('/leads', async (request, reply) => {
  const body = request.body;
  const id = randomUUID();
  await pool.query('INSERT INTO bench_floor.lead (id, name, source, body) VALUES ($1, $2, $3, $4)', [
    id,
    body.contact.name,
    body.source,
    body,
  ]);
  reply.status(201);
  return { id };
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.on('SIGTERM', async () => {
  await app.close();
  await pool.end();
  process.exit(0);
});
