import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CREATE_LEAD_V1, GET_LEAD_V1 } from '@saleswire/contracts';
import { ProblemError, type RpcClient } from '@saleswire/messaging';
import { cleanupSuite, eventually, TcpProxy } from '@saleswire/testing';
import { gatewayRpc, HEAD, LEAD_INPUT, startLeads } from './support';

describe('leads: its database away and back (real PostgreSQL behind a TCP proxy)', () => {
  let postgres: TcpProxy;
  let app: NestFastifyApplication;
  let rpc: RpcClient;

  const ready = async (): Promise<number> => (await fetch(`${await app.getUrl()}/health/ready`)).status;

  beforeAll(async () => {
    postgres = new TcpProxy('127.0.0.1', Number(new URL(process.env.DATABASE_URL!).port || 5432));
    await postgres.start();
    const url = new URL(process.env.DATABASE_URL!);
    url.port = String(postgres.port);
    app = await startLeads({ DATABASE_URL: url.toString(), RPC_TIMEOUT_MS: '8000' });
    rpc = gatewayRpc();
  });

  afterAll(async () => {
    await postgres.start();
    await rpc.onApplicationShutdown();
    await app.close();
    await postgres.stop();
    await cleanupSuite();
  });

  it('should answer 503, not 500, while its database is away, then serve again by itself with the same pool', async () => {
    const before = await rpc.send(CREATE_LEAD_V1, { actor: HEAD, input: LEAD_INPUT }); // the pool has connections to break
    expect(await ready()).toBe(200);

    await postgres.cut();
    const write = await rpc.send(CREATE_LEAD_V1, { actor: HEAD, input: LEAD_INPUT }).catch((e: unknown) => e);
    const read = await rpc.send(GET_LEAD_V1, { actor: HEAD, leadId: before.id }).catch((e: unknown) => e);
    for (const failure of [write, read]) {
      expect(failure).toBeInstanceOf(ProblemError);
      expect(failure).toMatchObject({ status: 503, title: 'Service unavailable' });
    }
    expect(await ready()).toBe(503);

    await postgres.start();
    await eventually(ready, (status) => status === 200, { timeoutMs: 15_000, intervalMs: 200 });
    // Every broken client left the pool: a run of requests larger than the pool meets none of them.
    const leads = await Promise.all(Array.from({ length: 25 }, () => rpc.send(CREATE_LEAD_V1, { actor: HEAD, input: LEAD_INPUT })));
    expect(leads).toHaveLength(25);
  });
});
