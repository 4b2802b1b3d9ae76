import { cleanupSuite, eventually } from '@saleswire/testing';
import request from 'supertest';
import { ADMIN, createPartner, e2ePlatform, tokenFor } from './support';

const PROBLEM = /^application\/problem\+json/;
const PASSWORD = 'password-e2e-partners';

describe('gateway: partners, deal registrations and commissions — the whole story (booted platform)', () => {
  const platform = e2ePlatform();
  let gateway: string;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};

  const as = (who: string) => {
    const auth = (req: request.Test): request.Test => req.set('Authorization', `Bearer ${tokens[who]}`);
    return {
      get: (path: string) => auth(request(gateway).get(`/api/v1${path}`)),
      post: (path: string, body?: object) => (body === undefined ? auth(request(gateway).post(`/api/v1${path}`)) : auth(request(gateway).post(`/api/v1${path}`)).send(body)),
      patch: (path: string, body: object, ifMatch?: string) => {
        const req = auth(request(gateway).patch(`/api/v1${path}`));
        return (ifMatch === undefined ? req : req.set('If-Match', ifMatch)).send(body);
      },
    };
  };

  async function user(key: string, role: string, partnerId?: string): Promise<void> {
    const email = `${key.toLowerCase()}@partners.e2e.test`;
    const created = await as('admin').post('/users', { email, name: key, role, password: PASSWORD, ...(partnerId ? { partnerId } : {}) }).expect(201);
    ids[key] = created.body.id;
    tokens[key] = await tokenFor(gateway, { email, password: PASSWORD });
  }

  beforeAll(async () => {
    await Promise.all([platform.start('partners'), platform.start('deals'), platform.start('leads')]);
    await platform.start('gateway', { PARTNER_STATUS_REFRESH_MS: '60000' });
    gateway = platform.url('gateway');
    tokens.admin = await tokenFor(gateway, ADMIN);
    await user('channel', 'channel_manager');
    await user('manager', 'manager');
  });

  afterAll(async () => {
    await platform.stopAll();
    await cleanupSuite();
  });

  describe('partners', () => {
    it('should let a channel manager sign up partners, answering 201 with the tier’s routing weight', async () => {
      const alpha = await as('channel')
        .post('/partners', { name: 'Alpha Integration GmbH', kind: 'reseller', tier: 'gold', territories: ['DE', 'at-9'], commissionRate: 0.1 })
        .expect(201);
      expect(alpha.body).toMatchObject({ status: 'active', territories: ['DE', 'AT-9'], effectiveRoutingWeight: 3, version: 1 });
      ids.alpha = alpha.body.id;
      ids.beta = await createPartner(gateway, tokens.channel, { name: 'Beta Dealers', kind: 'dealer', tier: 'bronze', territories: ['DE-BY'], routingWeight: 5 });
      const filtered = await as('channel').get('/partners?territory=DE-BY&limit=500').expect(200);
      expect(filtered.body.items.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining([ids.alpha, ids.beta]));
    });

    it.each([
      ['territories', { territories: ['Bavaria'] }],
      ['commissionRate', { commissionRate: 12 }],
      ['kind', { kind: 'broker' }],
      ['tier', { tier: 'diamond' }],
      ['nickname', { nickname: 'AI' }],
    ])('should answer 400 naming %s, never 500', async (field, patch) => {
      const response = await as('channel').post('/partners', { name: 'X', kind: 'agent', tier: 'gold', territories: [], commissionRate: 0.1, ...patch }).expect(400);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('should answer 400 for a body that is not JSON, and 403 to a manager', async () => {
      await as('channel').post('/partners').set('content-type', 'application/json').send('{"name":').expect(400);
      await as('manager').post('/partners', { name: 'X', kind: 'agent', tier: 'gold', territories: [], commissionRate: 0.1 }).expect(403);
      await as('manager').get('/partners').expect(403);
    });

    it('should replay a POST with the same Idempotency-Key instead of signing the partner up twice', async () => {
      const body = { name: 'Idempotent Partners', kind: 'agent', tier: 'silver', territories: ['FR'], commissionRate: 0.05 };
      const first = await as('channel').post('/partners', body).set('Idempotency-Key', 'partner-once-1').expect(201);
      const again = await as('channel').post('/partners', body).set('Idempotency-Key', 'partner-once-1').expect(201);
      expect(again.body.id).toBe(first.body.id);
      expect(again.headers['idempotent-replayed']).toBe('true');
      await as('channel').post('/partners', { ...body, name: 'Other' }).set('Idempotency-Key', 'partner-once-1').expect(409);
    });

    it('should change a partner with If-Match: 428 without it, 412 when stale, the new ETag when current', async () => {
      await as('channel').patch(`/partners/${ids.beta}`, { tier: 'silver' }).expect(428);
      await as('channel').patch(`/partners/${ids.beta}`, { tier: 'silver' }, '"9"').expect(412);
      const changed = await as('channel').patch(`/partners/${ids.beta}`, { tier: 'silver', routingWeight: null }, '"1"').expect(200);
      expect(changed.body).toMatchObject({ tier: 'silver', routingWeight: null, effectiveRoutingWeight: 2, version: 2 });
      expect(changed.headers.etag).toBe('"2"');
    });

    it('should create partner users only for an existing, active partner', async () => {
      await user('alphaUser', 'partner_user', ids.alpha);
      await user('betaUser', 'partner_user', ids.beta);
      const unknown = await as('admin')
        .post('/users', { email: 'ghost@partners.e2e.test', name: 'Ghost', role: 'partner_user', password: PASSWORD, partnerId: '01936f0e-8a4b-7c3d-9e2f-00000000ffff' })
        .expect(422);
      expect(unknown.body.errors).toEqual([{ field: 'partnerId', message: expect.stringContaining('no partner') }]);
      expect((await as('alphaUser').get('/partners').expect(200)).body.items.map((p: { id: string }) => p.id)).toEqual([ids.alpha]);
    });
  });

  describe('a registration becomes an indirect deal, is won, and its commission paid', () => {
    const customer = { name: 'ООО «Контора Северный Ветер»', taxId: '7701234567', email: 'zakupki@nordwind.example', website: 'https://www.nordwind.example' };

    it('should take the partner’s registration as submitted, without conflict', async () => {
      const response = await as('alphaUser')
        .post(`/partners/${ids.alpha}/deal-registrations`, { customer, title: 'Terminals for 40 stores', expectedAmount: 50000, currency: 'EUR', expectedCloseDate: '2026-09-30' })
        .expect(201);
      expect(response.body).toMatchObject({ status: 'submitted', conflict: false, conflicts: [], protectedUntil: null });
      ids.alphaRegistration = response.body.id;
    });

    it('should flag a second partner’s registration of the same customer as a channel conflict, without naming the other record', async () => {
      const response = await as('betaUser')
        .post(`/partners/${ids.beta}/deal-registrations`, {
          customer: { name: 'Контора Северный Ветер, ЗАО', taxId: '77-01-234567' },
          title: 'Terminals',
          expectedAmount: 45000,
          currency: 'EUR',
          expectedCloseDate: '2026-10-31',
        })
        .expect(201);
      expect(response.body).toMatchObject({ conflict: true, conflicts: [{ kind: 'registration', id: null, matchedOn: 'tax_id' }] });
      ids.betaRegistration = response.body.id;
      const seen = await as('channel').get('/deal-registrations?conflict=true').expect(200);
      const flagged = seen.body.items.find((r: { id: string }) => r.id === ids.betaRegistration);
      expect(flagged.conflicts).toEqual([{ kind: 'registration', id: ids.alphaRegistration, matchedOn: 'tax_id' }]);
    });

    it('should approve the first, refuse the second over its protection (422), and open the indirect deal', async () => {
      const approved = await as('channel').post(`/deal-registrations/${ids.alphaRegistration}/approve`, {}).expect(200);
      expect(approved.body).toMatchObject({ status: 'approved', protectionDays: 90, dealId: expect.any(String) });
      expect(approved.headers.etag).toBe('"2"');
      ids.deal = approved.body.dealId;
      const refused = await as('channel').post(`/deal-registrations/${ids.betaRegistration}/approve`).expect(422);
      expect(refused.headers['content-type']).toMatch(PROBLEM);
      expect(refused.body.errors[0].field).toBe('override');
      await as('alphaUser').post(`/deal-registrations/${ids.alphaRegistration}/approve`, {}).expect(403);
      const deal = await eventually(
        () => as('channel').get(`/deals/${ids.deal}`),
        (r) => r.status === 200,
        { timeoutMs: 20_000, intervalMs: 200 },
      );
      expect(deal.body).toMatchObject({ channel: 'indirect', partnerId: ids.alpha, registrationId: ids.alphaRegistration, amount: 50000, ownerId: ids.channel });
      ids.customer = deal.body.customerId;
      await as('alphaUser').get(`/deals/${ids.deal}`).expect(200);
      await as('betaUser').get(`/deals/${ids.deal}`).expect(404);
    });

    it('should win the deal by its payment, close the registration and accrue the commission at the partner’s rate', async () => {
      const paid = await as('channel').post(`/deals/${ids.deal}/payments`, { amount: 50000, currency: 'EUR', paidAt: '2026-09-15T10:00:00Z' }).expect(201);
      expect(paid.body.deal).toMatchObject({ status: 'won' });
      const closed = await eventually(
        () => as('alphaUser').get(`/deal-registrations/${ids.alphaRegistration}`),
        (r) => r.body.status === 'closed',
        { timeoutMs: 20_000, intervalMs: 200 },
      );
      expect(closed.body.outcome).toBe('won');
      const page = await eventually(
        () => as('alphaUser').get(`/partners/${ids.alpha}/commissions`),
        (r) => r.status === 200 && r.body.items.length === 1,
        { timeoutMs: 20_000, intervalMs: 200 },
      );
      expect(page.body.items[0]).toMatchObject({ dealId: ids.deal, registrationId: ids.alphaRegistration, baseAmount: 50000, rate: 0.1, amount: 5000, currency: 'EUR', status: 'accrued' });
      expect(page.body.totals).toEqual([{ status: 'accrued', currency: 'EUR', amount: 5000, count: 1 }]);
      ids.commission = page.body.items[0].id;
      await as('betaUser').get(`/partners/${ids.alpha}/commissions`).expect(404);
    });

    it('should approve and pay the commission, for the channel manager only', async () => {
      await as('alphaUser').post(`/commissions/${ids.commission}/approve`, {}).expect(403);
      await as('channel').post(`/commissions/${ids.commission}/pay`, {}).expect(422);
      expect((await as('channel').post(`/commissions/${ids.commission}/approve`).expect(200)).body).toMatchObject({ status: 'approved' });
      const paid = await as('channel').post(`/commissions/${ids.commission}/pay`, { reference: 'PAY-2026-0915' }).expect(200);
      expect(paid.body).toMatchObject({ status: 'paid', reference: 'PAY-2026-0915' });
      const totals = await as('channel').get(`/commissions?partnerId=${ids.alpha}&status=paid`).expect(200);
      expect(totals.body.totals).toEqual([{ status: 'paid', currency: 'EUR', amount: 5000, count: 1 }]);
    });

    it('should name the partner in the customer’s history', async () => {
      const history = await as('channel').get(`/customers/${ids.customer}/history`).expect(200);
      expect(history.body.partner).toMatchObject({ id: ids.alpha, name: 'Alpha Integration GmbH', via: 'deal', dealId: ids.deal });
      expect((await as('alphaUser').get(`/customers/${ids.customer}/history`).expect(200)).body.partner).toMatchObject({ id: ids.alpha });
    });
  });

  describe('suspension', () => {
    it('should refuse a suspended partner’s users (403) on every route until it is reactivated', async () => {
      await as('alphaUser').get(`/partners/${ids.alpha}`).expect(200);
      const suspended = await as('channel').post(`/partners/${ids.alpha}/suspend`, { reason: 'Unpaid certification fee' }).expect(200);
      expect(suspended.body).toMatchObject({ status: 'suspended' });
      const refused = await eventually(() => as('alphaUser').get(`/partners/${ids.alpha}`), (r) => r.status === 403, { timeoutMs: 5_000, intervalMs: 20 });
      expect(refused.headers['content-type']).toMatch(PROBLEM);
      await as('alphaUser').get('/deals').expect(403);
      await as('alphaUser').post(`/partners/${ids.alpha}/deal-registrations`, { customer: { name: 'Z' }, title: 'Z', expectedAmount: 1, currency: 'EUR', expectedCloseDate: '2026-12-31' }).expect(403);
      await as('betaUser').get(`/partners/${ids.beta}`).expect(200);
      await as('admin')
        .post('/users', { email: 'late@partners.e2e.test', name: 'Late', role: 'partner_user', password: PASSWORD, partnerId: ids.alpha })
        .expect(422);
      await as('channel').post(`/partners/${ids.alpha}/reactivate`).expect(200);
      await eventually(() => as('alphaUser').get(`/partners/${ids.alpha}`), (r) => r.status === 200, { timeoutMs: 5_000, intervalMs: 20 });
    });
  });

  describe('bad input on every write route', () => {
    const id = (key: string) => () => ids[key];
    it.each([
      ['PATCH /partners/{id}', 'patch', id('beta'), '/partners/:id', { nickname: 'x' }, 'nickname'],
      ['POST /partners/{id}/suspend', 'post', id('beta'), '/partners/:id/suspend', { reason: 42 }, 'reason'],
      ['POST /partners/{id}/reactivate', 'post', id('beta'), '/partners/:id/reactivate', { unknown: true }, 'unknown'],
      ['POST /partners/{id}/deal-registrations', 'post', id('beta'), '/partners/:id/deal-registrations', { customer: { name: 'X', website: 'not a site' }, title: 'X', expectedAmount: -1, currency: 'EUR', expectedCloseDate: '2026-12-31' }, 'customer.website'],
      ['POST /deal-registrations/{id}/approve', 'post', id('betaRegistration'), '/deal-registrations/:id/approve', { override: true }, 'reason'],
      ['POST /deal-registrations/{id}/reject', 'post', id('betaRegistration'), '/deal-registrations/:id/reject', {}, 'reason'],
      ['POST /deal-registrations/{id}/extend', 'post', id('alphaRegistration'), '/deal-registrations/:id/extend', { days: 0 }, 'days'],
      ['POST /deal-registrations/{id}/withdraw', 'post', id('betaRegistration'), '/deal-registrations/:id/withdraw', { unknown: 1 }, 'unknown'],
      ['POST /commissions/{id}/approve', 'post', id('commission'), '/commissions/:id/approve', { note: ['x'] }, 'note'],
      ['POST /commissions/{id}/pay', 'post', id('commission'), '/commissions/:id/pay', { reference: 5 }, 'reference'],
    ] as const)('should answer %s with a 400 problem naming the field', async (_route, method, recordId, template, body, field) => {
      const path = template.replace(':id', recordId());
      const response = method === 'patch' ? await as('channel').patch(path, body, '"2"') : await as('channel').post(path, body);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('should answer 400 naming id for a malformed id', async () => {
      const response = await as('channel').post('/deal-registrations/not-a-uuid/approve', {}).expect(400);
      expect(response.body.errors).toEqual([{ field: 'id', message: 'id must be a UUID' }]);
    });
  });

  it('should describe the partners routes and their bodies in the OpenAPI document', async () => {
    const docs = await request(gateway).get('/api/docs-json').expect(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/partners',
        '/api/v1/partners/{id}',
        '/api/v1/partners/{id}/suspend',
        '/api/v1/partners/{id}/reactivate',
        '/api/v1/partners/{id}/deal-registrations',
        '/api/v1/partners/{id}/commissions',
        '/api/v1/deal-registrations',
        '/api/v1/deal-registrations/{id}',
        '/api/v1/deal-registrations/{id}/approve',
        '/api/v1/deal-registrations/{id}/reject',
        '/api/v1/deal-registrations/{id}/extend',
        '/api/v1/deal-registrations/{id}/withdraw',
        '/api/v1/commissions',
        '/api/v1/commissions/{id}/approve',
        '/api/v1/commissions/{id}/pay',
      ]),
    );
    expect(docs.body.components.schemas.CreatePartnerInputV1.required).toEqual(expect.arrayContaining(['name', 'kind', 'tier', 'territories', 'commissionRate']));
    expect(docs.body.components.schemas.SubmitDealRegistrationInputV1.required).toEqual(
      expect.arrayContaining(['customer', 'title', 'expectedAmount', 'currency', 'expectedCloseDate']),
    );
  });
});
