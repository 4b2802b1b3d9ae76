import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { bootInProcess, cleanupSuite, suiteEnv, suiteSchema, TestProducer } from '@saleswire/testing';
import { Client } from 'pg';
import { AppModule } from '../src/app.module';
import { loadConfig } from '../src/config';

/** The services whose streams reporting consumes. */
type Producing = 'leads' | 'deals' | 'partners';

/** What a reporting suite talks to: its schema, JetStream with the producers' streams, and reporting in this process. */
export interface ReportingSuite {
  readonly schema: string;
  readonly pg: Client;
  readonly producer: TestProducer;
  /** Reporting as it runs now (a `restart` replaces it). */
  readonly app: NestFastifyApplication;
  /** Another reporting replica with the same settings, sharing the events with `app`; the caller closes it. */
  replica(): Promise<NestFastifyApplication>;
  /** Stops reporting gracefully, runs `meanwhile` (publishing what its consumer will find), and boots it again. */
  restart(meanwhile?: () => Promise<void>): Promise<NestFastifyApplication>;
  /** Closes all of it and drops the suite's schema and streams. */
  close(): Promise<void>;
}

/**
 * Starts a reporting suite: the producers' streams (`streams`, by default every one reporting consumes: a rebuild
 * counts as caught up only when all of them exist), a connection to the suite's schema, and reporting booted in
 * this process with `env` over the suite's.
 */
export async function startReportingSuite(env: NodeJS.ProcessEnv = {}, streams: readonly Producing[] = ['leads', 'deals', 'partners']): Promise<ReportingSuite> {
  const producer = await TestProducer.connect();
  for (const service of streams) await producer.provision(service);
  const pg = new Client({ connectionString: process.env.DATABASE_URL });
  await pg.connect();
  const boot = (): Promise<NestFastifyApplication> => {
    const config = loadConfig(suiteEnv('reporting', env));
    return bootInProcess(AppModule.forRoot(config), config);
  };
  let app: NestFastifyApplication | undefined = await boot();
  return {
    schema: suiteSchema('reporting'),
    pg,
    producer,
    get app() {
      if (!app) throw new Error('reporting is not running (a restart failed to boot it)');
      return app;
    },
    replica: boot,
    async restart(meanwhile) {
      await app?.close();
      app = undefined;
      await meanwhile?.();
      app = await boot();
      return app;
    },
    async close() {
      await app?.close();
      await producer.close();
      await pg.end();
      await cleanupSuite();
    },
  };
}
