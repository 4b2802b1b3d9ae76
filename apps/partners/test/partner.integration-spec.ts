import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  GET_PARTNER_V1,
  LIST_PARTNERS_V1,
  LIST_PARTNER_ORIGINS_V1,
  LIST_SUSPENDED_PARTNERS_V1,
  PARTNER_CREATED_V1,
  PARTNER_UPDATED_V1,
  type PartnerViewV1,
  REACTIVATE_PARTNER_V1,
  SUSPEND_PARTNER_V1,
  UPDATE_PARTNER_V1,
  CREATE_PARTNER_V1,
} from '@saleswire/contracts';
import type { RpcClient } from '@saleswire/messaging';
import { cleanupSuite, eventually, TestProducer } from '@saleswire/testing';
import type { Client } from 'pg';
import { CHANNEL, connectPg, createPartner, failure, HEAD, MANAGER, partnerUser, publishedEvents, rows, rpcClient, startPartners } from './support';

describe('partners: signing up, changing, suspending and reading partners (real PostgreSQL and JetStream)', () => {
  let app: NestFastifyApplication;
  let rpc: RpcClient;
  let producer: TestProducer;
  let pg: Client;

  beforeAll(async () => {
    pg = await connectPg();
    producer = await TestProducer.connect();
    app = await startPartners();
    rpc = rpcClient();
  });

  afterAll(async () => {
    await rpc.onApplicationShutdown();
    await app.close();
    await producer.close();
    await pg.end();
    await cleanupSuite();
  });

  it('should sign a partner up, active, with its tier weight, its first rate logged and partner.created published', async () => {
    const partner = await createPartner(rpc, { name: ' Baltic Systems GmbH ', tier: 'gold', territories: ['de', 'DE', 'ru-mow'], commissionRate: 0.125 });
    expect(partner).toMatchObject({
      name: 'Baltic Systems GmbH',
      status: 'active',
      tier: 'gold',
      territories: ['DE', 'RU-MOW'],
      commissionRate: 0.125,
      routingWeight: null,
      effectiveRoutingWeight: 3,
      version: 1,
    });
    expect(await rows(pg, 'partner_rate', 'partner_id = $1', [partner.id])).toEqual([expect.objectContaining({ rate: '0.1250' })]);
    const [created] = await eventually(
      async () => (await publishedEvents(producer)).filter((event) => event.aggregateId === partner.id),
      (events) => events.length === 1,
    );
    expect(created).toMatchObject({ subject: producer.subject(PARTNER_CREATED_V1.subject), aggregateVersion: 1, payload: { partnerId: partner.id, effectiveRoutingWeight: 3 } });
  });

  it('should let the partner’s own weight override its tier, 0 included', async () => {
    expect(await createPartner(rpc, { tier: 'bronze', routingWeight: 0 })).toMatchObject({ routingWeight: 0, effectiveRoutingWeight: 0 });
  });

  it.each([
    ['a manager', MANAGER, 403],
    ['a head of sales', HEAD, 403],
  ])('should refuse %s signing a partner up', async (_who, actor, status) => {
    const error = await failure(rpc.send(CREATE_PARTNER_V1, { actor, input: { name: 'X', kind: 'agent', tier: 'gold', territories: [], commissionRate: 0.1 } }));
    expect(error).toMatchObject({ status });
  });

  it('should answer 400 naming the field for a bad region, rate or unknown field', async () => {
    const error = await failure(
      rpc.send(CREATE_PARTNER_V1, {
        actor: CHANNEL,
        input: { name: 'X', kind: 'agent', tier: 'gold', territories: ['Bavaria'], commissionRate: 2, nickname: 'x' } as never,
      }),
    );
    expect(error).toMatchObject({ status: 400 });
    expect((error as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual(
      expect.arrayContaining(['input.territories', 'input.commissionRate', 'input.nickname']),
    );
  });

  describe('filters and scope', () => {
    let bavaria: PartnerViewV1;
    let germany: PartnerViewV1;
    let austria: PartnerViewV1;

    beforeAll(async () => {
      bavaria = await createPartner(rpc, { name: 'Munich Dealers', kind: 'dealer', tier: 'gold', territories: ['DE-BY'] });
      germany = await createPartner(rpc, { name: 'Germany Resellers', kind: 'reseller', tier: 'silver', territories: ['DE'] });
      austria = await createPartner(rpc, { name: 'Vienna Agents', kind: 'agent', tier: 'bronze', territories: ['AT'] });
    });

    const ids = async (query: Record<string, string>, actor = CHANNEL): Promise<string[]> =>
      (await rpc.send(LIST_PARTNERS_V1, { actor, query: { limit: 500, ...query } })).items.map((p) => p.id);

    it.each([
      ['DE-BY finds the Bavarian and the German partner', { territory: 'DE-BY' }, ['bavaria', 'germany']],
      ['DE finds every partner working in Germany', { territory: 'de' }, ['bavaria', 'germany']],
      ['DE-BE finds the German partner only', { territory: 'DE-BE' }, ['germany']],
      ['AT finds the Austrian partner', { territory: 'AT' }, ['austria']],
    ])('should filter by territory: %s', async (_case, query, expected) => {
      const names = { bavaria, germany, austria };
      const found = await ids(query);
      for (const [name, partner] of Object.entries(names)) expect(found.includes(partner.id)).toBe(expected.includes(name));
    });

    it('should filter by kind, tier and text', async () => {
      expect(await ids({ kind: 'dealer', q: 'munich' })).toEqual([bavaria.id]);
      expect(await ids({ tier: 'bronze', q: 'VIENNA' })).toEqual([austria.id]);
      expect(await ids({ q: '%' })).toEqual([]);
    });

    it('should show a partner user its own partner only, and answer 404 for another exactly as for none', async () => {
      const user = partnerUser(bavaria.id);
      expect(await ids({}, user)).toEqual([bavaria.id]);
      expect(await rpc.send(GET_PARTNER_V1, { actor: user, id: bavaria.id })).toMatchObject({ id: bavaria.id });
      const other = await failure(rpc.send(GET_PARTNER_V1, { actor: user, id: germany.id }));
      const none = await failure(rpc.send(GET_PARTNER_V1, { actor: user, id: '01936f0e-8a4b-7c3d-9e2f-00000000ffff' }));
      expect(other).toMatchObject({ status: 404, title: 'Partner not found' });
      expect(none).toMatchObject({ status: 404, title: 'Partner not found' });
    });

    it('should page newest first with a cursor', async () => {
      const first = await rpc.send(LIST_PARTNERS_V1, { actor: CHANNEL, query: { limit: 2 } });
      expect(first.items).toHaveLength(2);
      const second = await rpc.send(LIST_PARTNERS_V1, { actor: CHANNEL, query: { limit: 2, cursor: first.nextCursor! } });
      expect(second.items[0].id < first.items[1].id).toBe(true);
    });
  });

  describe('changes', () => {
    it('should change what differs, log a new rate, and answer 412 for a stale version', async () => {
      const partner = await createPartner(rpc, { tier: 'silver', commissionRate: 0.1 });
      const changed = await rpc.send(UPDATE_PARTNER_V1, { actor: CHANNEL, id: partner.id, expectedVersion: 1, input: { tier: 'gold', commissionRate: 0.15, name: partner.name } });
      expect(changed).toMatchObject({ tier: 'gold', commissionRate: 0.15, effectiveRoutingWeight: 3, version: 2 });
      expect(await rows(pg, 'partner_rate', 'partner_id = $1', [partner.id])).toHaveLength(2);
      const stale = await failure(rpc.send(UPDATE_PARTNER_V1, { actor: CHANNEL, id: partner.id, expectedVersion: 1, input: { tier: 'bronze' } }));
      expect(stale).toMatchObject({ status: 412 });
      const [updated] = await eventually(
        async () => (await publishedEvents(producer)).filter((e) => e.aggregateId === partner.id && e.type === PARTNER_UPDATED_V1.type),
        (events) => events.length === 1,
      );
      expect(updated.payload).toMatchObject({ changed: ['tier', 'commissionRate'], tier: 'gold' });
    });

    it('should suspend and reactivate a partner, as updates naming status, and list it among the suspended meanwhile', async () => {
      const partner = await createPartner(rpc);
      const suspended = await rpc.send(SUSPEND_PARTNER_V1, { actor: CHANNEL, id: partner.id, input: { reason: 'Unpaid certification fee' } });
      expect(suspended).toMatchObject({ status: 'suspended', statusReason: 'Unpaid certification fee', version: 2 });
      expect((await rpc.send(LIST_SUSPENDED_PARTNERS_V1, { actor: CHANNEL })).partners).toContainEqual({ id: partner.id, version: 2 });
      expect(await failure(rpc.send(SUSPEND_PARTNER_V1, { actor: CHANNEL, id: partner.id, input: {} }))).toMatchObject({ status: 422 });
      expect(await failure(rpc.send(SUSPEND_PARTNER_V1, { actor: partnerUser(partner.id), id: partner.id, input: {} }))).toMatchObject({ status: 403 });
      const active = await rpc.send(REACTIVATE_PARTNER_V1, { actor: CHANNEL, id: partner.id, input: {} });
      expect(active).toMatchObject({ status: 'active', statusReason: null, version: 3 });
      expect((await rpc.send(LIST_SUSPENDED_PARTNERS_V1, { actor: CHANNEL })).partners.map((p) => p.id)).not.toContain(partner.id);
      const updates = await eventually(
        async () => (await publishedEvents(producer)).filter((e) => e.aggregateId === partner.id && e.type === PARTNER_UPDATED_V1.type),
        (events) => events.length === 2,
      );
      expect(updates.map((e) => [e.aggregateVersion, (e.payload as { status: string }).status, (e.payload as { changed: string[] }).changed])).toEqual([
        [2, 'suspended', ['status']],
        [3, 'active', ['status']],
      ]);
    });

    it('should keep a partner’s allowed origins, publish a change of them, and list them in the gateway’s snapshot', async () => {
      const partner = await createPartner(rpc, { allowedOrigins: ['https://portal.one.example', 'https://portal.one.example'] });
      expect(partner.allowedOrigins).toEqual(['https://portal.one.example']);
      const bare = await createPartner(rpc);
      expect(bare.allowedOrigins).toEqual([]);
      const changed = await rpc.send(UPDATE_PARTNER_V1, {
        actor: CHANNEL,
        id: partner.id,
        expectedVersion: 1,
        input: { allowedOrigins: ['https://portal.one.example', 'http://localhost:5173'] },
      });
      expect(changed).toMatchObject({ allowedOrigins: ['https://portal.one.example', 'http://localhost:5173'], version: 2 });
      const snapshot = (await rpc.send(LIST_PARTNER_ORIGINS_V1, { actor: CHANNEL })).partners;
      expect(snapshot).toContainEqual({ id: partner.id, version: 2, allowedOrigins: ['https://portal.one.example', 'http://localhost:5173'] });
      expect(snapshot.map((p) => p.id)).not.toContain(bare.id);
      const [updated] = await eventually(
        async () => (await publishedEvents(producer)).filter((e) => e.aggregateId === partner.id && e.type === PARTNER_UPDATED_V1.type),
        (events) => events.length === 1,
      );
      expect(updated.payload).toMatchObject({ changed: ['allowedOrigins'], allowedOrigins: ['https://portal.one.example', 'http://localhost:5173'] });
    });

    it.each([['https://portal.example/'], ['https://*.example'], ['portal.example'], ['https://Portal.example'], ['ftp://portal.example']])(
      'should answer 400 naming allowedOrigins for %s',
      async (origin) => {
        const error = await failure(createPartner(rpc, { allowedOrigins: [origin] }));
        expect(error).toMatchObject({ status: 400, errors: [expect.objectContaining({ field: expect.stringContaining('allowedOrigins') })] });
      },
    );
  });
});
