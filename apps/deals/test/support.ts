import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ActorV1, EventEnvelope } from '@saleswire/contracts';
import type { RpcClient } from '@saleswire/messaging';
import { bootInProcess, gatewayRpcClient, suiteEnv, suiteSchema, type DirectoryUser, type TestProducer } from '@saleswire/testing';
import { Client } from 'pg';
import { AppModule } from '../src/app.module';
import { loadConfig } from '../src/config';

export const ADMIN: ActorV1 = { id: '01936f0e-8a4b-7c3d-9e2f-0000000000a0', role: 'admin', partnerId: null };
export const HEAD: ActorV1 = { id: '01936f0e-8a4b-7c3d-9e2f-0000000000a9', role: 'head_of_sales', partnerId: null };
export const MANAGER_A: ActorV1 = { id: '01936f0e-8a4b-7c3d-9e2f-0000000000aa', role: 'manager', partnerId: null };
export const MANAGER_B: ActorV1 = { id: '01936f0e-8a4b-7c3d-9e2f-0000000000ab', role: 'manager', partnerId: null };
export const CHANNEL: ActorV1 = { id: '01936f0e-8a4b-7c3d-9e2f-0000000000cc', role: 'channel_manager', partnerId: null };
export const PARTNER_1 = '01936f0e-8a4b-7c3d-9e2f-00000000bb01';
export const PARTNER_2 = '01936f0e-8a4b-7c3d-9e2f-00000000bb02';
export const PARTNER_USER_1: ActorV1 = { id: 'pu-1', role: 'partner_user', partnerId: PARTNER_1 };
/** A user the gateway deactivated: no owner or team member any more. */
export const DEACTIVATED_USER = '01936f0e-8a4b-7c3d-9e2f-0000000000dd';
/** The users the deals suites' directory knows (seedUserDirectory): owners and team members must be among them. */
export const DIRECTORY_USERS: DirectoryUser[] = [
  { id: ADMIN.id, role: 'admin' },
  { id: HEAD.id, role: 'head_of_sales' },
  { id: MANAGER_A.id, role: 'manager' },
  { id: MANAGER_B.id, role: 'manager' },
  { id: CHANNEL.id, role: 'channel_manager' },
  { id: DEACTIVATED_USER, role: 'manager', active: false },
];

/** Boots the deals service in this suite's schema and namespace, as apps/leads/test does. */
export async function startDeals(env: NodeJS.ProcessEnv = {}): Promise<NestFastifyApplication> {
  const config = loadConfig(suiteEnv('deals', { REPEAT_CHECK_INTERVAL_MS: '0', ...env }));
  return bootInProcess(AppModule.forRoot(config), config);
}

/** A request/reply client as the gateway has one. */
export function rpcClient(): RpcClient {
  return gatewayRpcClient();
}

/** Events the deals service published to its stream, with their `Nats-Msg-Id`. */
export async function publishedEvents(producer: TestProducer): Promise<Array<EventEnvelope<Record<string, unknown>> & { subject: string; msgId: string }>> {
  try {
    const messages = await producer.messages('DEALS_EVENTS');
    return messages.map((m) => ({ ...(JSON.parse(m.data) as EventEnvelope<Record<string, unknown>>), subject: m.subject, msgId: m.headers['nats-msg-id'] }));
  } catch {
    return []; // the stream appears when the service starts
  }
}

/** Counts rows of a table of this suite's deals schema. */
export async function count(pg: Client, table: string, where = 'true', params: unknown[] = []): Promise<number> {
  const { rows } = await pg.query(`SELECT count(*)::int AS n FROM "${suiteSchema('deals')}".${table} WHERE ${where}`, params);
  return rows[0].n as number;
}

export async function connectPg(): Promise<Client> {
  const pg = new Client({ connectionString: process.env.DATABASE_URL });
  await pg.connect();
  return pg;
}
