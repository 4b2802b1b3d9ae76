import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  type ActorV1,
  CREATE_PARTNER_V1,
  type CreatePartnerInputV1,
  type EventEnvelope,
  type PartnerViewV1,
  type SubmitDealRegistrationInputV1,
} from '@saleswire/contracts';
import type { RpcClient } from '@saleswire/messaging';
import { bootInProcess, gatewayRpcClient, suiteEnv, suiteSchema, type TestProducer } from '@saleswire/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { AppModule } from '../src/app.module';
import { loadConfig } from '../src/config';

export const ADMIN: ActorV1 = { id: '01936f0e-8a4b-7c3d-9e2f-0000000000a0', role: 'admin', partnerId: null };
export const HEAD: ActorV1 = { id: '01936f0e-8a4b-7c3d-9e2f-0000000000a9', role: 'head_of_sales', partnerId: null };
export const MANAGER: ActorV1 = { id: '01936f0e-8a4b-7c3d-9e2f-0000000000aa', role: 'manager', partnerId: null };
export const CHANNEL: ActorV1 = { id: '01936f0e-8a4b-7c3d-9e2f-0000000000cc', role: 'channel_manager', partnerId: null };

/** A user of this partner, as the gateway's token names one. */
export function partnerUser(partnerId: string): ActorV1 {
  return { id: randomUUID(), role: 'partner_user', partnerId };
}

/** Boots the partners service in this suite's schema and namespace; expiry only when a test asks for it. */
export async function startPartners(env: NodeJS.ProcessEnv = {}): Promise<NestFastifyApplication> {
  const config = loadConfig(suiteEnv('partners', { REGISTRATION_EXPIRY_CHECK_MS: '0', ...env }));
  return bootInProcess(AppModule.forRoot(config), config);
}

export function rpcClient(): RpcClient {
  return gatewayRpcClient();
}

/** A partner signed up by the channel manager, with the fields given. */
export function createPartner(rpc: RpcClient, input: Partial<CreatePartnerInputV1> = {}): Promise<PartnerViewV1> {
  return rpc.send(CREATE_PARTNER_V1, {
    actor: CHANNEL,
    input: { name: `Partner ${randomUUID().slice(0, 8)}`, kind: 'reseller', tier: 'silver', territories: ['DE'], commissionRate: 0.1, ...input },
  });
}

/** A registration's body for a customer of this name, with the keys given. */
export function registrationInput(customer: SubmitDealRegistrationInputV1['customer'], patch: Partial<SubmitDealRegistrationInputV1> = {}): SubmitDealRegistrationInputV1 {
  return { customer, title: 'POS terminals', expectedAmount: 10000, currency: 'EUR', expectedCloseDate: '2026-09-30', ...patch };
}

/** Events the partners service published to its stream, with their `Nats-Msg-Id`. */
export async function publishedEvents(producer: TestProducer): Promise<Array<EventEnvelope<Record<string, unknown>> & { subject: string }>> {
  try {
    const messages = await producer.messages('PARTNERS_EVENTS');
    return messages.map((m) => ({ ...(JSON.parse(m.data) as EventEnvelope<Record<string, unknown>>), subject: m.subject }));
  } catch {
    return []; // the stream appears when the service starts
  }
}

export async function connectPg(): Promise<Client> {
  const pg = new Client({ connectionString: process.env.DATABASE_URL });
  await pg.connect();
  return pg;
}

/** Rows of a table of this suite's partners schema. */
export async function rows<T = Record<string, unknown>>(pg: Client, table: string, where = 'true', params: unknown[] = []): Promise<T[]> {
  const result = await pg.query(`SELECT * FROM "${suiteSchema('partners')}".${table} WHERE ${where}`, params);
  return result.rows as T[];
}

/** Resolves to the error a promise rejects with, or 'succeeded'. */
export function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => 'succeeded',
    (error: unknown) => error,
  );
}

/** A copy of a producer's fixture with a fresh event id and the payload and envelope fields given. */
export function eventLike<P extends object>(
  fixture: EventEnvelope<P>,
  payload: Partial<P> = {},
  envelope: Partial<EventEnvelope<P>> = {},
): EventEnvelope<P> {
  return { ...fixture, eventId: randomUUID(), correlationId: randomUUID(), ...envelope, payload: { ...fixture.payload, ...payload } };
}
