import { cleanupSuite, eventually } from '@saleswire/testing';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { ADMIN, createPartner, e2ePlatform, tokenFor } from './support';

const PASSWORD = 'password-e2e-reports';
type Who = 'head' | 'manager1' | 'manager2' | 'channel' | 'partner';

describe('gateway: reports and sales plans from events, within each role’s scope (booted platform)', () => {
  const platform = e2ePlatform();
  let gateway: string;
  let admin: string;
  let partnerId: string;
  const tokens = {} as Record<Who, string>;
  const ids = {} as Record<Who, string>;

  const get = (path: string, who: Who): request.Test => request(gateway).get(`/api/v1${path}`).set('Authorization', `Bearer ${tokens[who]}`);
  const as = (token: string) => ({
    post: (path: string, body: object) => request(gateway).post(`/api/v1${path}`).set('Authorization', `Bearer ${token}`).send(body),
    put: (path: string, body: object) => request(gateway).put(`/api/v1${path}`).set('Authorization', `Bearer ${token}`).send(body),
  });

  async function user(who: Who, role: string, extra: object = {}): Promise<void> {
    const email = `${who}@reports.e2e.test`;
    const created = await as(admin).post('/users', { email, name: who, role, password: PASSWORD, ...extra }).expect(201);
    ids[who] = created.body.id;
    tokens[who] = await tokenFor(gateway, { email, password: PASSWORD });
  }

  async function deal(owner: Who, amount: number): Promise<string> {
    const customer = await as(admin).post('/customers', { kind: 'company', name: `Customer ${randomUUID().slice(0, 8)}` }).expect(201);
    const created = await as(admin)
      .post('/deals', { title: `Deal of ${owner}`, customerId: customer.body.id, amount, currency: 'EUR', type: 'consultative', channel: 'direct', ownerId: ids[owner] })
      .expect(201);
    return created.body.id;
  }

  beforeAll(async () => {
    await Promise.all([platform.start('leads'), platform.start('deals'), platform.start('partners'), platform.start('reporting')]);
    await platform.start('gateway');
    gateway = platform.url('gateway');
    admin = await tokenFor(gateway, ADMIN);
    partnerId = await createPartner(gateway, admin, { name: 'Reports Partner' });
    await user('head', 'head_of_sales');
    await user('manager1', 'manager');
    await user('manager2', 'manager');
    await user('channel', 'channel_manager');
    await user('partner', 'partner_user', { partnerId });

    // manager1 wins 1,000 EUR after skipping stages; manager2 loses 500 EUR; the partner's approved registration opens an indirect deal.
    const won = await deal('manager1', 1000);
    await as(admin).post(`/deals/${won}/stage`, { stage: 'proposal' }).expect(200);
    await as(admin).post(`/deals/${won}/payments`, { amount: 1000, currency: 'EUR', paidAt: new Date().toISOString() }).expect(201);
    const lost = await deal('manager2', 500);
    await as(admin).post(`/deals/${lost}/stage`, { stage: 'lost', reason: 'Chose a competitor' }).expect(200);
    const registration = await as(tokens.partner)
      .post(`/partners/${partnerId}/deal-registrations`, { customer: { name: 'Indirect Customer' }, title: 'Via partner', expectedAmount: 700, currency: 'EUR', expectedCloseDate: '2027-06-30' })
      .expect(201);
    await as(admin).post(`/deal-registrations/${registration.body.id}/approve`, {}).expect(200);
    await eventually(
      () => get('/reports/summary', 'head'),
      (r) => r.status === 200 && r.body.deals === 3 && r.body.won === 1 && r.body.lost === 1,
      { timeoutMs: 30_000, intervalMs: 250 },
    );
  }, 120_000);

  afterAll(async () => {
    await platform.stopAll();
    await cleanupSuite();
  });

  it("should give the head of sales the whole department's summary and funnel", async () => {
    const summary = await get('/reports/summary', 'head').expect(200);
    expect(summary.body).toMatchObject({ deals: 3, won: 1, lost: 1, open: 1, winRate: 0.5, revenue: [{ currency: 'EUR', value: 1000 }] });
    expect(typeof summary.body.dataAsOf).toBe('string');
    const funnel = await get('/reports/funnel', 'head').expect(200);
    const count = (code: string): number => funnel.body.stages.find((stage: { code: string }) => stage.code === code).count;
    // The won deal skipped qualification yet counts in it; the lost one counts in new and lost.
    expect([count('new'), count('qualification'), count('proposal'), count('won'), count('lost')]).toEqual([3, 1, 1, 1, 1]);
  });

  it('should give a manager their own figures only, and refuse another manager’s and the partners report', async () => {
    await get('/reports/summary', 'manager1').expect(200).expect((r) => expect(r.body).toMatchObject({ deals: 1, won: 1, lost: 0 }));
    await get('/reports/summary', 'manager2').expect(200).expect((r) => expect(r.body).toMatchObject({ deals: 1, won: 0, lost: 1 }));
    await get(`/reports/summary?ownerId=${ids.manager2}`, 'manager1').expect(403);
    await get('/reports/partners', 'manager1').expect(403);
    const managers = await get('/reports/managers', 'manager1').expect(200);
    expect(managers.body.items.map((row: { ownerId: string }) => row.ownerId)).toEqual([ids.manager1]);
    expect(managers.body.department).toBeNull();
  });

  it('should give a channel manager the indirect channel only', async () => {
    await get('/reports/summary', 'channel').expect(200).expect((r) => expect(r.body).toMatchObject({ deals: 1, won: 0, lost: 0 }));
    await get('/reports/summary?channel=direct', 'channel').expect(403);
    await get('/reports/managers', 'channel').expect(403);
    const partners = await get('/reports/partners', 'channel').expect(200);
    expect(partners.body.items).toEqual([expect.objectContaining({ partnerId, registrations: 1, approved: 1, deals: 1 })]);
  });

  it('should give a partner user its own partner only, another partner being 404', async () => {
    const partners = await get('/reports/partners', 'partner').expect(200);
    expect(partners.body.items.map((row: { partnerId: string }) => row.partnerId)).toEqual([partnerId]);
    const other = await get(`/reports/partners?partnerId=${randomUUID()}`, 'partner').expect(404);
    expect(other.headers['content-type']).toMatch(/^application\/problem\+json/);
    await get('/reports/forecast?months=24', 'partner').expect(200).expect((r) => expect(r.body.months).toHaveLength(24));
    await get('/reports/managers', 'partner').expect(403);
    await get('/sales-plans', 'partner').expect(403);
  });

  it('should let the head of sales set plans once per idempotency key, and refuse a manager', async () => {
    const month = new Date().toISOString().slice(0, 7);
    const key = randomUUID();
    const first = await as(tokens.head).put(`/sales-plans/${month}/${ids.manager1}`, { amount: 2000, currency: 'EUR' }).set('Idempotency-Key', key).expect(200);
    const again = await as(tokens.head).put(`/sales-plans/${month}/${ids.manager1}`, { amount: 2000, currency: 'EUR' }).set('Idempotency-Key', key).expect(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    await as(tokens.head).put(`/sales-plans/${month}/department`, { amount: 5000, currency: 'EUR' }).expect(200);
    await as(tokens.head).put(`/sales-plans/${month}/${ids.manager2}`, { amount: 1000, currency: 'EUR' }).expect(200);
    await as(tokens.manager1).put(`/sales-plans/${month}/${ids.manager1}`, { amount: 9999, currency: 'EUR' }).expect(403);
    await as(tokens.head).put('/sales-plans/2026-13/department', { amount: 1, currency: 'EUR' }).expect(400);

    const mine = await get(`/sales-plans?month=${month}`, 'manager1').expect(200);
    expect(mine.body.items.map((plan: { userId: string | null; amount: number; version: number }) => [plan.userId, plan.amount, plan.version]).sort()).toEqual(
      [[ids.manager1, 2000, 1], [null, 5000, 1]].sort(),
    );
    const managers = await get('/reports/managers', 'head').expect(200);
    expect(managers.body.items.find((row: { ownerId: string }) => row.ownerId === ids.manager1)).toMatchObject({ plan: [{ currency: 'EUR', value: 2000 }], planDone: 0.5 });
    expect(managers.body.department).toMatchObject({ plan: [{ currency: 'EUR', value: 5000 }], planDone: 0.2 });
    const one = await get(`/reports/managers?ownerId=${ids.manager2}`, 'head').expect(200);
    expect(one.body.items).toEqual([expect.objectContaining({ ownerId: ids.manager2, plan: [{ currency: 'EUR', value: 1000 }], planDone: 0 })]);
    expect(one.body.department).toBeNull();
  });

  it("should describe each metric's definition in the OpenAPI document", async () => {
    const docs = await request(gateway).get('/api/docs-json').expect(200);
    expect(docs.body.paths['/api/v1/reports/summary'].get.description).toMatch(/winRate.*won \/ \(won \+ lost\)/);
    expect(docs.body.paths['/api/v1/reports/forecast'].get.description).toMatch(/commit.*≥ 80/);
    expect(docs.body.paths['/api/v1/sales-plans/{month}/department'].put).toBeDefined();
  });
});
