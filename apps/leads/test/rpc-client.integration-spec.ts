import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CREATE_LEAD_V1, GET_DEAL_REGISTRATION_V1, GET_LEAD_V1 } from '@saleswire/contracts';
import { messagingConfigFromEnv, ProblemError, RpcClient } from '@saleswire/messaging';
import { Metrics } from '@saleswire/observability';
import { cleanupSuite, eventually, suiteEnv, TcpProxy } from '@saleswire/testing';
import { HEAD, LEAD_INPUT, startLeads } from './support';

const NATS_URL = new URL(process.env.NATS_URL ?? 'nats://127.0.0.1:4222');

/** The gateway's request/reply client, reaching NATS at `url`, waiting `timeoutMs` for an answer. */
function clientOf(url: string, timeoutMs: number): RpcClient {
  return new RpcClient(messagingConfigFromEnv(suiteEnv('gateway', { NATS_URL: url, RPC_TIMEOUT_MS: String(timeoutMs) }), 'test-gateway'), new Metrics('test'));
}

async function failureOf(call: Promise<unknown>): Promise<ProblemError> {
  const failure = await call.then(() => undefined, (e: unknown) => e);
  expect(failure).toBeInstanceOf(ProblemError);
  return failure as ProblemError;
}

describe('the gateway’s request/reply client against leads: no listener, a silent one, NATS away and back (real NATS behind a TCP proxy)', () => {
  const TIMEOUT_MS = 8000;
  let nats: TcpProxy;
  let app: NestFastifyApplication;
  let silent: NatsConnection;
  const clients: RpcClient[] = [];
  const client = (timeoutMs = TIMEOUT_MS): RpcClient => {
    const made = clientOf(`nats://127.0.0.1:${nats.port}`, timeoutMs);
    clients.push(made);
    return made;
  };

  beforeAll(async () => {
    nats = new TcpProxy(NATS_URL.hostname, Number(NATS_URL.port || 4222));
    await nats.start();
    app = await startLeads();
    silent = await connect({ servers: NATS_URL.host });
  });

  afterAll(async () => {
    await nats.start();
    await Promise.all(clients.map((made) => made.onApplicationShutdown()));
    await silent.close();
    await app.close();
    await nats.stop();
    await cleanupSuite();
  });

  it('should answer a service’s answer, and its problem with its status', async () => {
    const rpc = client();
    const lead = await rpc.send(CREATE_LEAD_V1, { actor: HEAD, input: LEAD_INPUT });
    await expect(rpc.send(GET_LEAD_V1, { actor: HEAD, leadId: lead.id })).resolves.toMatchObject({ id: lead.id, contact: { name: LEAD_INPUT.contact.name } });
    const missing = await failureOf(rpc.send(GET_LEAD_V1, { actor: HEAD, leadId: '01936f0e-8a4b-7c3d-9e2f-00000000dead' }));
    expect(missing.status).toBe(404);
  });

  it('should answer 503 at once, not after its timeout, when no replica of the service listens', async () => {
    const started = Date.now();
    // No partners service runs in this suite.
    const failure = await failureOf(client().send(GET_DEAL_REGISTRATION_V1, { actor: HEAD, id: '01936f0e-8a4b-7c3d-9e2f-0000000000d1' }));
    expect(failure).toMatchObject({ status: 503, detail: 'The partners service cannot be reached.' });
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS / 2);
  });

  it('should answer 503 naming its timeout when a listener does not answer in time', async () => {
    const namespaced = `${suiteEnv('gateway').MESSAGING_NAMESPACE}.${GET_DEAL_REGISTRATION_V1.subject}`;
    const heard: string[] = [];
    const subscription = silent.subscribe(namespaced, { callback: (_error, message) => void heard.push(message.subject) });
    await silent.flush();
    try {
      const failure = await failureOf(client(300).send(GET_DEAL_REGISTRATION_V1, { actor: HEAD, id: '01936f0e-8a4b-7c3d-9e2f-0000000000d1' }));
      expect(failure).toMatchObject({ status: 503, detail: 'The partners service did not answer within 300 ms.' });
      expect(heard).toEqual([namespaced]);
    } finally {
      subscription.unsubscribe();
    }
  });

  it('should answer 503 while NATS is away and answer again by itself once it is back', async () => {
    const rpc = client(1000);
    const lead = await rpc.send(CREATE_LEAD_V1, { actor: HEAD, input: LEAD_INPUT });
    await nats.cut();
    const failure = await failureOf(rpc.send(GET_LEAD_V1, { actor: HEAD, leadId: lead.id }));
    expect(failure.status).toBe(503);
    await nats.start();
    const again = await eventually(
      () => rpc.send(GET_LEAD_V1, { actor: HEAD, leadId: lead.id }).catch((e: unknown) => e),
      (answer) => !(answer instanceof Error),
      { timeoutMs: 15_000, intervalMs: 200 },
    );
    expect(again).toMatchObject({ id: lead.id });
  });

  it('should answer 503 when NATS cannot be reached at its first request, and connect once it can', async () => {
    await nats.cut();
    const rpc = client(1000);
    try {
      const failure = await failureOf(rpc.send(CREATE_LEAD_V1, { actor: HEAD, input: LEAD_INPUT }));
      expect(failure).toMatchObject({ status: 503, detail: 'The leads service cannot be reached.' });
    } finally {
      await nats.start();
    }
    await expect(rpc.send(CREATE_LEAD_V1, { actor: HEAD, input: LEAD_INPUT })).resolves.toMatchObject({ status: 'new' });
  });
});
