import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Client } from 'pg';

/** This suite's namespace (set by setup-namespace.cjs before the suite's modules load). */
export function suiteNamespace(): string {
  const namespace = process.env.MESSAGING_NAMESPACE;
  if (!namespace) throw new Error('MESSAGING_NAMESPACE is not set: run tests through jest.preset.cjs');
  return namespace;
}

/** A schema name that belongs to this suite only, e.g. `leads_t1a2b3c4d5`. */
export function suiteSchema(service: string): string {
  return `${service}_${suiteNamespace()}`.toLowerCase();
}

/** Environment for an app under test: the suite's schema, port 0, quiet logs. */
export function suiteEnv(service: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, PORT: '0', HOST: '127.0.0.1', DB_SCHEMA: suiteSchema(service), ...extra };
}

/** Drops this suite's schemas and streams. Call in `afterAll`. */
export async function cleanupSuite(): Promise<void> {
  const namespace = suiteNamespace();
  const pg = new Client({ connectionString: process.env.DATABASE_URL });
  await pg.connect();
  try {
    const { rows } = await pg.query<{ nspname: string }>(
      `SELECT nspname FROM pg_namespace WHERE nspname LIKE '%\\_' || $1`,
      [namespace],
    );
    for (const { nspname } of rows) await pg.query(`DROP SCHEMA "${nspname}" CASCADE`);
  } finally {
    await pg.end();
  }
  const nc = await connect({ servers: process.env.NATS_URL });
  try {
    const jsm = await jetstreamManager(nc);
    for await (const name of jsm.streams.names()) {
      // `KV_<namespace>_…` is a KV bucket of the suite's (the gateway's shared rate limits).
      if (name.startsWith(`${namespace}_`) || name.startsWith(`KV_${namespace}_`)) await jsm.streams.delete(name);
    }
  } finally {
    await nc.close();
  }
}

/** Polls `probe` until it returns a value that `done` accepts, or fails after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  { timeoutMs = 15_000, intervalMs = 50 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!done(last)) {
    if (Date.now() > deadline) {
      throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    last = await probe();
  }
  return last;
}
