import { cleanupSuite, eventually } from '@saleswire/testing';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { ADMIN, createPartner, e2ePlatform, tokenFor } from './support';

const PROBLEM = /^application\/problem\+json/;
/** Partners signed up through the API: a partner user needs a real, active one, and their won deals earn commissions. */
let PARTNER_1 = '';
let PARTNER_2 = '';

describe('gateway: customers, pipelines, deals, payments and repeat sales (booted platform)', () => {
  const platform = e2ePlatform();
  let gateway: string;
  const tokens: Record<'admin' | 'managerA' | 'managerB' | 'channel' | 'partner', string> = {
    admin: '',
    managerA: '',
    managerB: '',
    channel: '',
    partner: '',
  };
  const ids: Record<string, string> = {};

  const as = (who: keyof typeof tokens) => ({
    get: (path: string) => request(gateway).get(`/api/v1${path}`).set('Authorization', `Bearer ${tokens[who]}`),
    post: (path: string, body: object, ifMatch?: string) => {
      const req = request(gateway).post(`/api/v1${path}`).set('Authorization', `Bearer ${tokens[who]}`);
      return (ifMatch === undefined ? req : req.set('If-Match', ifMatch)).send(body);
    },
    patch: (path: string, body: object, ifMatch?: string) => {
      const req = request(gateway).patch(`/api/v1${path}`).set('Authorization', `Bearer ${tokens[who]}`);
      return (ifMatch === undefined ? req : req.set('If-Match', ifMatch)).send(body);
    },
  });

  async function user(key: keyof typeof tokens, role: string, partnerId?: string): Promise<void> {
    const email = `${key.toLowerCase()}@deals.e2e.test`;
    const created = await as('admin')
      .post('/users', { email, name: key, role, password: 'password-e2e-1', ...(partnerId ? { partnerId } : {}) })
      .expect(201);
    ids[key] = created.body.id;
    tokens[key] = await tokenFor(gateway, { email, password: 'password-e2e-1' });
  }

  beforeAll(async () => {
    await Promise.all([platform.start('deals'), platform.start('leads'), platform.start('partners')]);
    await platform.start('gateway');
    gateway = platform.url('gateway');
    tokens.admin = await tokenFor(gateway, ADMIN);
    PARTNER_1 = await createPartner(gateway, tokens.admin);
    PARTNER_2 = await createPartner(gateway, tokens.admin);
    await user('managerA', 'manager');
    await user('managerB', 'manager');
    await user('channel', 'channel_manager');
    await user('partner', 'partner_user', PARTNER_1);
  });

  afterAll(async () => {
    await platform.stopAll();
    await cleanupSuite();
  });

  describe('customers', () => {
    it('should create a customer owned by the manager and answer 409 for its twin', async () => {
      const created = await as('managerA').post('/customers', { kind: 'company', name: 'Northwind', taxId: '7707083893', email: 'buy@northwind.example' }).expect(201);
      expect(created.body).toMatchObject({ id: expect.any(String), ownerId: ids.managerA, version: 1 });
      ids.customer = created.body.id;
      const twin = await as('admin').post('/customers', { kind: 'company', name: 'Northwind 2', taxId: '77-07-083-893' }).expect(409);
      expect(twin.headers['content-type']).toMatch(PROBLEM);
      expect(twin.body.errors).toEqual([{ field: 'taxId', message: `matches customer ${ids.customer}` }]);
    });

    it('should answer 404 to a manager who neither owns the customer nor works a deal of it', async () => {
      await as('managerA').get(`/customers/${ids.customer}`).expect(200);
      const hidden = await as('managerB').get(`/customers/${ids.customer}`).expect(404);
      expect(hidden.headers['content-type']).toMatch(PROBLEM);
      const list = await as('managerB').get('/customers').expect(200);
      expect(list.body.items.map((c: { id: string }) => c.id)).not.toContain(ids.customer);
    });

    it.each([
      ['kind', { kind: 'robot', name: 'X' }],
      ['email', { kind: 'person', name: 'X', email: 'nope' }],
      ['unknown', { kind: 'person', name: 'X', unknown: 1 }],
    ])('should answer 400 naming %s when the body is invalid', async (field, body) => {
      const response = await as('admin').post('/customers', body).expect(400);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('should answer 403 when a partner user creates a customer', async () => {
      await as('partner').post('/customers', { kind: 'person', name: 'X' }).expect(403);
    });
  });

  describe('pipelines', () => {
    it('should list the default and the repeat pipeline to any user', async () => {
      const response = await as('managerA').get('/pipelines').expect(200);
      expect(response.body.items.map((p: { kind: string }) => p.kind)).toEqual(expect.arrayContaining(['new_business', 'repeat']));
      expect(response.body.items[0].stages.map((s: { code: string }) => s.code)).toEqual(['new', 'qualification', 'proposal', 'approval', 'contract', 'payment', 'won', 'lost']);
    });

    it('should answer 403 when a manager creates a pipeline', async () => {
      await as('managerA').post('/pipelines', { name: 'X', kind: 'project', stages: [] }).expect(403);
    });
  });

  describe('deals', () => {
    const deal = () => ({ title: 'Scanners', customerId: ids.customer, amount: 1000, currency: 'EUR', type: 'consultative', channel: 'direct' });

    it('should open a deal in the first stage when a manager posts it', async () => {
      const created = await as('managerA').post('/deals', deal()).expect(201);
      expect(created.body).toMatchObject({ stage: 'new', probability: 10, isRepeat: false, version: 1, ownerId: ids.managerA });
      ids.deal = created.body.id;
    });

    it.each([
      ['amount', { amount: -5 }],
      ['currency', { currency: 'euro' }],
      ['channel', { channel: 'sideways' }],
      ['partnerId', { channel: 'indirect' }],
      ['team.0.role', { team: [{ userId: randomUUID() }] }],
      ['stage', { stage: 'won' }],
    ])('should answer 400 naming %s when the deal body is invalid', async (field, patch) => {
      const response = await as('managerA').post('/deals', { ...deal(), ...patch }).expect(400);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('should answer the deal with its ETag and stage history', async () => {
      const response = await as('managerA').get(`/deals/${ids.deal}`).expect(200);
      expect(response.headers.etag).toBe('"1"');
      expect(response.body.stageHistory).toEqual([expect.objectContaining({ fromStage: null, toStage: 'new' })]);
    });

    it.each([
      ['428 without If-Match', undefined, 428],
      ['400 for an If-Match that is not a version', 'abc', 400],
      ['412 for a stale If-Match', '"7"', 412],
    ])('should answer %s and change nothing', async (_case, ifMatch, status) => {
      const response = await as('managerA').patch(`/deals/${ids.deal}`, { title: 'never' }, ifMatch).expect(status);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      const read = await as('managerA').get(`/deals/${ids.deal}`).expect(200);
      expect(read.body.title).toBe('Scanners');
    });

    it('should change the deal when If-Match names its version', async () => {
      const response = await as('managerA').patch(`/deals/${ids.deal}`, { title: 'Scanners, 4 sites' }, '"1"').expect(200);
      expect(response.body).toMatchObject({ title: 'Scanners, 4 sites', version: 2 });
      expect(response.headers.etag).toBe('"2"');
    });

    it.each([
      ['lost without a reason', { stage: 'lost' }],
      ['won by hand before payment', { stage: 'won' }],
    ])('should answer 422 for a move to %s', async (_case, body) => {
      const response = await as('managerA').post(`/deals/${ids.deal}/stage`, body).expect(422);
      expect(response.headers['content-type']).toMatch(PROBLEM);
    });

    it('should win the deal by itself when the payments cover the amount', async () => {
      await as('managerA').post(`/deals/${ids.deal}/stage`, { stage: 'payment' }).expect(200);
      const partial = await as('managerA').post(`/deals/${ids.deal}/payments`, { amount: 400, currency: 'EUR', paidAt: '2026-03-01T10:00:00Z' }).expect(201);
      expect(partial.body.deal).toMatchObject({ status: 'open', paidAmount: 400 });
      const rest = await as('managerA').post(`/deals/${ids.deal}/payments`, { amount: 600, currency: 'EUR', paidAt: '2026-03-05T10:00:00Z' }).expect(201);
      expect(rest.body.deal).toMatchObject({ status: 'won', stage: 'won', paidAmount: 1000, wonAt: '2026-03-05T10:00:00.000Z' });
      await as('managerA').post(`/deals/${ids.deal}/stage`, { stage: 'proposal' }).expect(422);
    });

    it('should answer a stage move with a stale If-Match 412, as PATCH does, and move nothing', async () => {
      const created = await as('managerA').post('/deals', deal()).expect(201);
      await as('managerA').post(`/deals/${created.body.id}/stage`, { stage: 'qualification' }).expect(200);
      const stalePatch = await as('managerA').patch(`/deals/${created.body.id}`, { title: 'never' }, '"1"').expect(412);
      const staleMove = await as('managerA').post(`/deals/${created.body.id}/stage`, { stage: 'proposal' }, '"1"').expect(412);
      expect(staleMove.headers['content-type']).toMatch(PROBLEM);
      expect(staleMove.body).toEqual(stalePatch.body);
      expect(staleMove.body).toMatchObject({ status: 412, title: 'Precondition failed' });
      const read = await as('managerA').get(`/deals/${created.body.id}`).expect(200);
      expect(read.body).toMatchObject({ stage: 'qualification', version: 2 });
    });

    it('should move the deal and answer its new ETag when the If-Match of a stage move names its version', async () => {
      const created = await as('managerA').post('/deals', deal()).expect(201);
      const moved = await as('managerA').post(`/deals/${created.body.id}/stage`, { stage: 'proposal' }, '"1"').expect(200);
      expect(moved.body).toMatchObject({ stage: 'proposal', version: 2 });
      expect(moved.headers.etag).toBe('"2"');
    });

    it('should answer 400 naming If-Match when a stage move sends one that is not a version', async () => {
      const created = await as('managerA').post('/deals', deal()).expect(201);
      const response = await as('managerA').post(`/deals/${created.body.id}/stage`, { stage: 'proposal' }, 'latest').expect(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'If-Match' })]);
    });

    it('should answer 404 to another manager, and show the deal once they are in its team', async () => {
      const created = await as('managerA').post('/deals', deal()).expect(201);
      await as('managerB').get(`/deals/${created.body.id}`).expect(404);
      await as('managerB').post(`/deals/${created.body.id}/stage`, { stage: 'proposal' }).expect(404);
      await as('managerA').patch(`/deals/${created.body.id}`, { team: [{ userId: ids.managerB, role: 'engineer' }] }, '"1"').expect(200);
      await as('managerB').get(`/deals/${created.body.id}`).expect(200);
      const list = await as('managerB').get('/deals').expect(200);
      expect(list.body.items.map((d: { id: string }) => d.id)).toEqual([created.body.id]);
    });

    it('should show a partner user only its own partner’s indirect deals, read-only', async () => {
      const mine = await as('channel').post('/deals', { ...deal(), channel: 'indirect', partnerId: PARTNER_1 }).expect(201);
      const theirs = await as('channel').post('/deals', { ...deal(), channel: 'indirect', partnerId: PARTNER_2 }).expect(201);
      const list = await as('partner').get('/deals').expect(200);
      expect(list.body.items.map((d: { id: string }) => d.id)).toEqual([mine.body.id]);
      await as('partner').get(`/deals/${theirs.body.id}`).expect(404);
      await as('partner').get(`/deals/${ids.deal}`).expect(404);
      await as('partner').post('/deals', deal()).expect(403);
      await as('partner').post(`/deals/${mine.body.id}/stage`, { stage: 'proposal' }).expect(403);
      await as('partner').post(`/deals/${mine.body.id}/payments`, { amount: 1, currency: 'EUR', paidAt: '2026-03-05T10:00:00Z' }).expect(403);
    });
  });

  describe('client history and repeat sales', () => {
    it('should answer the customer’s deals and payments newest first', async () => {
      const response = await as('managerA').get(`/customers/${ids.customer}/history`).expect(200);
      expect(response.body).toMatchObject({ customer: { id: ids.customer }, leads: [], partner: null });
      expect(response.body.deals.map((d: { id: string }) => d.id)).toContain(ids.deal);
      expect(response.body.payments.map((p: { amount: number }) => p.amount)).toEqual([600, 400]);
      await as('managerB').get(`/customers/${ids.customer}/history`).expect(200); // now in a deal team of it
    });

    it('should answer the due list to a manager and 403 to a partner user', async () => {
      const response = await as('managerA').get('/repeat-sales/due?withinDays=30').expect(200);
      expect(Array.isArray(response.body)).toBe(true);
      await as('partner').get('/repeat-sales/due').expect(403);
      await as('managerA').get('/repeat-sales/due?withinDays=-1').expect(400);
    });
  });

  it('should describe the deals routes and their bodies in the OpenAPI document', async () => {
    const docs = await request(gateway).get('/api/docs-json').expect(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/customers',
        '/api/v1/customers/{id}',
        '/api/v1/customers/{id}/history',
        '/api/v1/pipelines',
        '/api/v1/deals',
        '/api/v1/deals/{id}',
        '/api/v1/deals/{id}/stage',
        '/api/v1/deals/{id}/payments',
        '/api/v1/repeat-sales/due',
      ]),
    );
    expect(docs.body.paths['/api/v1/deals/{id}/stage'].post.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'If-Match', in: 'header', required: false })]),
    );
    expect(docs.body.components.schemas.CreateDealInputV1.required).toEqual(
      expect.arrayContaining(['title', 'customerId', 'amount', 'currency', 'type', 'channel']),
    );
  });

  describe('a converted lead becomes a deal that is paid and won', () => {
    it('should convert a lead through the gateway into a customer and a deal, win it with its payment, and show all of it in the history', async () => {
      const lead = await as('managerA')
        .post('/leads', {
          contact: { name: 'Olga Petrova', email: 'olga@fromalead.example' },
          company: { name: 'From a lead', taxId: '5550001112' },
          source: 'exhibition',
          direction: 'inbound',
          assigneeId: ids.managerA,
        })
        .expect(201);
      const converted = await as('managerA')
        .post(`/leads/${lead.body.id}/convert`, { title: 'Scanners', amount: 2500, currency: 'EUR' })
        .expect(200);
      expect(converted.body).toEqual({ leadId: lead.body.id, customerId: expect.any(String), dealId: expect.any(String) });
      await as('managerA').post(`/leads/${lead.body.id}/convert`, {}).expect(409);
      const { customerId, dealId } = converted.body;
      const opened = await eventually(
        () => as('managerA').get(`/deals/${dealId}`).then((r) => r),
        (r) => r.status === 200,
        { timeoutMs: 20_000, intervalMs: 200 },
      );
      expect(opened.body).toMatchObject({ customerId, ownerId: ids.managerA, direction: 'inbound', source: 'exhibition', status: 'open', amount: 2500 });
      const paid = await as('managerA').post(`/deals/${dealId}/payments`, { amount: 2500, currency: 'EUR', paidAt: '2026-03-10T12:00:00Z' }).expect(201);
      expect(paid.body.deal).toMatchObject({ status: 'won', stage: 'won' });
      const history = await as('managerA').get(`/customers/${customerId}/history`).expect(200);
      expect(history.body.leads).toEqual([expect.objectContaining({ id: lead.body.id, status: 'converted', customerId })]);
      expect(history.body.deals).toEqual([expect.objectContaining({ id: dealId, status: 'won' })]);
      expect(history.body.payments).toEqual([expect.objectContaining({ amount: 2500, currency: 'EUR' })]);
      await as('managerB').get(`/customers/${customerId}/history`).expect(404);
    });
  });
});
