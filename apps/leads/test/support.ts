import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ActorV1, CreateLeadInputV1 } from '@saleswire/contracts';
import type { RpcClient } from '@saleswire/messaging';
import { bootInProcess, cleanupSuite, gatewayRpcClient, provisionUsers, seedUserDirectory, suiteEnv, suiteSchema, TestProducer, type DirectoryUser } from '@saleswire/testing';
import { Client } from 'pg';
import { AppModule } from '../src/app.module';
import { loadConfig } from '../src/config';

export const HEAD: ActorV1 = { id: '01936f0e-8a4b-7c3d-9e2f-0000000000f0', role: 'head_of_sales', partnerId: null };
export const managerActor = (id: string): ActorV1 => ({ id, role: 'manager', partnerId: null });

export const LEAD_INPUT: CreateLeadInputV1 = {
  contact: { name: 'Irina Volkova', email: 'irina@northwind.example', phone: '+7 495 123-45-67' },
  company: { name: 'Northwind', taxId: '7707083893' },
  source: 'exhibition',
  direction: 'inbound',
  expectedAmount: 1200.5,
  currency: 'EUR',
};

/** Boots the leads app in this process, in the suite's schema and namespace, as the other leads suites do. */
export async function startLeads(env: NodeJS.ProcessEnv = {}): Promise<NestFastifyApplication> {
  const config = loadConfig(suiteEnv('leads', env));
  return bootInProcess(AppModule.forRoot(config), config);
}

/** A request/reply client like the gateway's, in the suite's namespace. */
export function gatewayRpc(): RpcClient {
  return gatewayRpcClient();
}

/** What a leads suite talks to: its schema, JetStream, the leads app in this process and a gateway-like client. */
export interface LeadsSuite {
  db: LeadsDb;
  producer: TestProducer;
  app: NestFastifyApplication;
  rpc: RpcClient;
  /** Makes these users known to the service's directory, as the gateway's events would (assignees must be users). */
  users(...users: DirectoryUser[]): Promise<void>;
  /** Closes all of it and drops the suite's schema and streams. */
  close(): Promise<void>;
}

/** Starts a leads suite; `prepare` runs once JetStream is reachable, before the app starts (streams, responders). */
export async function startLeadsSuite(env: NodeJS.ProcessEnv = {}, prepare?: (producer: TestProducer) => Promise<void> | void): Promise<LeadsSuite> {
  const db = await LeadsDb.connect();
  const producer = await TestProducer.connect();
  // The gateway's stream of users, there before the service's consumer attaches to it.
  await provisionUsers(producer);
  await prepare?.(producer);
  const app = await startLeads(env);
  const rpc = gatewayRpc();
  return {
    db,
    producer,
    app,
    rpc,
    users: (...users) => seedUserDirectory(producer, db.pg, db.schema, users),
    close: async () => {
      await rpc.onApplicationShutdown();
      await app.close();
      await producer.close();
      await db.close();
      await cleanupSuite();
    },
  };
}

/** SQL against the suite's leads schema. */
export class LeadsDb {
  readonly schema = suiteSchema('leads');
  private constructor(readonly pg: Client) {}

  static async connect(): Promise<LeadsDb> {
    const pg = new Client({ connectionString: process.env.DATABASE_URL });
    await pg.connect();
    return new LeadsDb(pg);
  }

  async rows<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    const { rows } = await this.pg.query(sql.replaceAll('$schema', `"${this.schema}"`), params);
    return rows as T[];
  }

  async count(table: string, where = 'true', params: unknown[] = []): Promise<number> {
    const [row] = await this.rows<{ n: number }>(`SELECT count(*)::int AS n FROM $schema.${table} WHERE ${where}`, params);
    return row.n;
  }

  async close(): Promise<void> {
    await this.pg.end();
  }
}
