import type { Subscription } from '@nats-io/transport-node';
import { RESOLVE_CUSTOMER_V1 } from '@saleswire/contracts';
import { BOOT_HOOK_MS, cleanupSuite, eventually, suiteSchema, TestProducer } from '@saleswire/testing';
import { Client } from 'pg';
import request from 'supertest';
import { ADMIN, createPartner, e2ePlatform, tokenFor } from './support';

const PROBLEM = /^application\/problem\+json/;
/** A partner signed up through the API: a partner user needs a real, active one. */
let PARTNER = '';
const CUSTOMER_ID = '01936f10-0000-7000-8000-0000000c0999';
const LEAD = {
  contact: { name: 'Irina Volkova', email: 'irina@northwind.example', phone: '+7 495 123-45-67' },
  company: { name: 'Northwind', taxId: '7707083893' },
  source: 'exhibition',
  direction: 'inbound',
  expectedAmount: 1500,
  currency: 'EUR',
};

describe('gateway: lead routes with role scopes (booted platform)', () => {
  const platform = e2ePlatform();
  let gateway: string;
  let pg: Client;
  let producer: TestProducer;
  let deals: Subscription;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};

  const as = (who: string) => ({
    get: (path: string) => request(gateway).get(`/api/v1${path}`).set('Authorization', `Bearer ${tokens[who]}`),
    post: (path: string, body: object) => request(gateway).post(`/api/v1${path}`).set('Authorization', `Bearer ${tokens[who]}`).send(body),
    put: (path: string, body: object) => request(gateway).put(`/api/v1${path}`).set('Authorization', `Bearer ${tokens[who]}`).send(body),
    patch: (path: string, body: object, ifMatch?: string) => {
      const req = request(gateway).patch(`/api/v1${path}`).set('Authorization', `Bearer ${tokens[who]}`);
      return (ifMatch === undefined ? req : req.set('If-Match', ifMatch)).send(body);
    },
  });
  const lead = async (who: string, patch: object = {}): Promise<{ id: string; version: number; assigneeId: string | null }> =>
    (await as(who).post('/leads', { ...LEAD, ...patch }).expect(201)).body;
  async function stored(leadId: string): Promise<Record<string, unknown>> {
    const { rows } = await pg.query(`SELECT status, version, comment FROM "${suiteSchema('leads')}".lead WHERE id = $1`, [leadId]);
    return rows[0];
  }

  beforeAll(async () => {
    pg = new Client({ connectionString: process.env.DATABASE_URL });
    await pg.connect();
    producer = await TestProducer.connect();
    // Stands in for the deals service's rpc.deals.resolve-customer.v1 (Nest's NATS reply format).
    deals = producer.nc.subscribe(producer.subject(RESOLVE_CUSTOMER_V1.subject), {
      callback: (_error, message) => {
        const { id } = message.json<{ id: string }>();
        message.respond(JSON.stringify({ id, response: { customerId: CUSTOMER_ID, ownerId: null, created: true }, isDisposed: true }));
      },
    });
    await Promise.all([platform.start('leads'), platform.start('partners')]);
    await platform.start('gateway');
    gateway = platform.url('gateway');
    tokens.admin = await tokenFor(gateway, ADMIN);
    PARTNER = await createPartner(gateway, tokens.admin);
    const users = [
      ['anna', 'manager', undefined],
      ['boris', 'manager', undefined],
      ['head', 'head_of_sales', undefined],
      ['channel', 'channel_manager', undefined],
      ['partner', 'partner_user', PARTNER],
    ] as const;
    for (const [name, role, partnerId] of users) {
      const email = `${name}@leads-e2e.test`;
      const created = await as('admin').post('/users', { email, name, role, password: `${name}-password`, ...(partnerId ? { partnerId } : {}) }).expect(201);
      ids[name] = created.body.id;
      tokens[name] = await tokenFor(gateway, { email, password: `${name}-password` });
    }
  }, BOOT_HOOK_MS);

  afterAll(async () => {
    deals.unsubscribe();
    await platform.stopAll();
    await producer.close();
    await pg.end();
    await cleanupSuite();
  });

  it('should describe the lead routes and their bodies in the OpenAPI document', async () => {
    const docs = (await request(gateway).get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { requestBody?: unknown; parameters?: unknown[] }>>;
    };
    expect(Object.keys(docs.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/leads',
        '/api/v1/leads/{id}',
        '/api/v1/leads/{id}/status',
        '/api/v1/leads/{id}/convert',
        '/api/v1/leads/import',
        '/api/v1/leads/import/{jobId}',
        '/api/v1/lead-assignment',
        '/api/v1/marketing-events',
      ]),
    );
    expect(Object.keys(docs.paths['/api/v1/leads'])).toEqual(expect.arrayContaining(['get', 'post']));
    const bodyOf = (path: string, method: 'post' | 'put' | 'patch'): unknown =>
      (docs.paths[path][method]?.requestBody as { content: Record<string, { schema: unknown }> }).content['application/json'].schema;
    expect(bodyOf('/api/v1/leads/{id}/status', 'post')).toEqual({ $ref: '#/components/schemas/ChangeLeadStatusInputV1' });
    expect(bodyOf('/api/v1/leads/{id}', 'patch')).toEqual({ $ref: '#/components/schemas/UpdateLeadInputV1' });
    expect(bodyOf('/api/v1/lead-assignment', 'put')).toEqual({ $ref: '#/components/schemas/LeadAssignmentRuleInputV1' });
    expect(docs.paths['/api/v1/leads/{id}'].patch?.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'If-Match', in: 'header', required: true })]));
  });

  describe('GET|PUT /lead-assignment', () => {
    it('should assign new leads by the rule the head of sales sets', async () => {
      const put = await as('head').put('/lead-assignment', { strategy: 'round_robin', members: [{ userId: ids.anna, weight: 1, active: true }, { userId: ids.boris, weight: 1, active: false }] }).expect(200);
      expect(put.body).toMatchObject({ strategy: 'round_robin', version: 2 });
      expect((await as('admin').get('/lead-assignment').expect(200)).body).toEqual(put.body);
      const created = await Promise.all([lead('head'), lead('head'), lead('head')]);
      expect(created.map((l) => l.assigneeId)).toEqual([ids.anna, ids.anna, ids.anna]);
    });

    it('should answer 422 naming each member who is no user — an invented id or an API key’s — and keep the rule', async () => {
      const before = (await as('head').get('/lead-assignment').expect(200)).body;
      const key = await as('admin').post('/api-keys', { name: 'crm sync', role: 'manager' }).expect(201);
      const response = await as('head')
        .put('/lead-assignment', {
          strategy: 'round_robin',
          members: [
            { userId: ids.anna, weight: 1, active: true },
            { userId: '01936f0e-8a4b-7c3d-9e2f-0000000000c9', weight: 1, active: true },
            { userId: key.body.id, weight: 1, active: false },
          ],
        })
        .expect(422);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body.errors).toEqual([
        { field: 'members.1.userId', message: 'is not a user of the directory' },
        { field: 'members.2.userId', message: 'is not a user of the directory' },
      ]);
      expect((await as('head').get('/lead-assignment').expect(200)).body).toEqual(before);
    });

    it.each([['anna'], ['channel'], ['partner']])('should answer 403 when %s reads or sets the rule', async (who) => {
      await as(who).get('/lead-assignment').expect(403);
      await as(who).put('/lead-assignment', { strategy: 'round_robin', members: [] }).expect(403);
    });

    it.each([
      ['strategy', { strategy: 'random', members: [] }],
      ['members', { strategy: 'round_robin' }],
      ['members.0.userId', { strategy: 'round_robin', members: [{ userId: 'anna', weight: 1, active: true }] }],
      ['members.0.weight', { strategy: 'weighted', members: [{ userId: '01936f0e-8a4b-7c3d-9e2f-0000000000c1', weight: 1.5, active: true }] }],
      ['members.0.extra', { strategy: 'weighted', members: [{ userId: '01936f0e-8a4b-7c3d-9e2f-0000000000c1', weight: 1, active: true, extra: 1 }] }],
    ])('should answer 400 naming %s and keep the rule when the body is invalid', async (field, body) => {
      const before = (await as('head').get('/lead-assignment').expect(200)).body;
      const response = await as('head').put('/lead-assignment', body).expect(400);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect((await as('head').get('/lead-assignment').expect(200)).body).toEqual(before);
    });
  });

  describe('POST|GET /marketing-events', () => {
    const EXPO = { name: 'LogiMAT 2026', kind: 'exhibition', startsOn: '2026-03-10', endsOn: '2026-03-12', city: 'Stuttgart', cost: 18000, currency: 'EUR' };

    it('should create an event the head of sales enters and list it for managers', async () => {
      const created = await as('head').post('/marketing-events', EXPO).expect(201);
      expect(created.body).toMatchObject({ ...EXPO, id: expect.any(String), version: 1 });
      const page = (await as('anna').get('/marketing-events').query({ kind: 'exhibition' }).expect(200)).body;
      expect(page.items.map((e: { id: string }) => e.id)).toContain(created.body.id);
    });

    it.each([
      ['anna', 'post', 403],
      ['partner', 'post', 403],
      ['partner', 'get', 403],
    ] as const)('should answer %s’s %s with %i', async (who, method, status) => {
      const before = (await as('head').get('/marketing-events?limit=500').expect(200)).body.items.length;
      if (method === 'post') await as(who).post('/marketing-events', EXPO).expect(status);
      else await as(who).get('/marketing-events').expect(status);
      expect((await as('head').get('/marketing-events?limit=500').expect(200)).body.items).toHaveLength(before);
    });

    it.each([
      ['name', { name: '' }],
      ['kind', { kind: 'fair' }],
      ['startsOn', { startsOn: 'next week' }],
      ['endsOn', { endsOn: '2026-02-30' }],
      ['cost', { cost: 'free' }],
      ['currency', { currency: 'euro' }],
      ['budget', { budget: 1 }],
    ])('should answer 400 naming %s and store nothing when the body is invalid', async (field, patch) => {
      const before = (await as('head').get('/marketing-events?limit=500').expect(200)).body.items.length;
      const response = await as('head').post('/marketing-events', { ...EXPO, ...patch }).expect(400);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect((await as('head').get('/marketing-events?limit=500').expect(200)).body.items).toHaveLength(before);
    });
  });

  describe('POST /leads/import and GET /leads/import/{jobId}', () => {
    const progress = (who: string, jobId: string) => as(who).get(`/leads/import/${jobId}`).expect(200).then((r) => r.body);
    const countNamed = async (prefix: string): Promise<number> => {
      const { rows } = await pg.query(`SELECT count(*)::int AS n FROM "${suiteSchema('leads')}".lead WHERE contact_name LIKE $1`, [`${prefix}%`]);
      return rows[0].n;
    };

    it('should import the good rows of a CSV and report the bad ones by row and field', async () => {
      const csv = [
        'name,email,phone,company,taxId,source,direction,expectedAmount,currency',
        'CSV One,one@csv.example,+7 495 000-00-01,Acme,7707083893,website,inbound,100.50,EUR',
        'CSV Two,not-an-email,,,,website,inbound,,',
        '"CSV, Three",three@csv.example,,,,billboard,inbound,,',
        'CSV Four,four@csv.example,,,,cold_call,outbound,,',
      ].join('\r\n');
      const accepted = await request(gateway).post('/api/v1/leads/import').set('Authorization', `Bearer ${tokens.head}`).set('Content-Type', 'text/csv').send(csv).expect(202);
      expect(accepted.body).toEqual({ jobId: expect.any(String) });
      const job = await eventually(() => progress('head', accepted.body.jobId), (j) => j.status === 'completed');
      expect(job).toMatchObject({ format: 'csv', total: 4, accepted: 2, rejected: 2 });
      expect(job.errors).toEqual([
        { row: 2, field: 'contact.email', message: expect.any(String) },
        { row: 3, field: 'source', message: expect.any(String) },
      ]);
      expect(await countNamed('CSV ')).toBe(2);
    });

    it('should import a JSON array and let only its author (or the head of sales) read the job', async () => {
      const rows = [1, 2, 3].map((i) => ({ contact: { name: `JSON ${i}` }, source: 'referral', direction: 'inbound' }));
      const accepted = await as('anna').post('/leads/import', rows).expect(202);
      const job = await eventually(() => progress('anna', accepted.body.jobId), (j) => j.status === 'completed');
      expect(job).toMatchObject({ format: 'json', total: 3, accepted: 3, rejected: 0, errors: [] });
      await as('boris').get(`/leads/import/${accepted.body.jobId}`).expect(404);
      await as('head').get(`/leads/import/${accepted.body.jobId}`).expect(200);
      expect(await countNamed('JSON ')).toBe(3);
    });

    it.each([
      ['an unknown CSV column', 'text/csv', 'name,shoeSize\nA,42\n', 400],
      ['a CSV without rows', 'text/csv', 'name,source\n', 400],
      ['a JSON object instead of an array', 'application/json', '{"contact":{"name":"A"}}', 400],
      ['an empty JSON array', 'application/json', '[]', 400],
      ['another media type', 'text/plain', 'name\nA', 415],
    ])('should refuse %s with a problem document and store nothing', async (_case, type, body, status) => {
      const before = await countNamed('');
      const response = await request(gateway).post('/api/v1/leads/import').set('Authorization', `Bearer ${tokens.head}`).set('Content-Type', type).send(body).expect(status);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(await countNamed('')).toBe(before);
    });

    it('should answer 400 naming id when the job id is not a UUID, and 401 without a token', async () => {
      expect((await as('head').get('/leads/import/job-1').expect(400)).body.errors).toEqual([{ field: 'id', message: expect.any(String) }]);
      await request(gateway).post('/api/v1/leads/import').set('Content-Type', 'text/csv').send('name\nA').expect(401);
    });
  });

  describe('GET /leads/{id}', () => {
    it('should answer the lead with its history and its version as ETag when in scope', async () => {
      const created = await lead('head', { assigneeId: ids.anna });
      const response = await as('anna').get(`/leads/${created.id}`).expect(200);
      expect(response.headers.etag).toBe('"1"');
      expect(response.body).toMatchObject({ id: created.id, status: 'new', assigneeId: ids.anna, statusHistory: [{ from: null, to: 'new' }] });
    });

    it.each([['boris'], ['partner'], ['channel']])('should answer 404 as for a missing lead when %s asks for another’s lead', async (who) => {
      const created = await lead('head', { assigneeId: ids.anna });
      const response = await as(who).get(`/leads/${created.id}`).expect(404);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      const missing = await as(who).get('/leads/01936f0e-8a4b-7c3d-9e2f-00000000ffff').expect(404);
      expect(response.body.title).toBe(missing.body.title);
    });

    it('should answer 400 naming id when the id is not a UUID', async () => {
      const response = await as('head').get('/leads/42').expect(400);
      expect(response.body.errors).toEqual([{ field: 'id', message: expect.any(String) }]);
    });

    it('should answer 401 without a token', async () => {
      await request(gateway).get('/api/v1/leads').expect(401);
    });
  });

  describe('GET /leads', () => {
    it('should show a partner user only its partner’s leads and a manager only their own', async () => {
      const own = await lead('partner', { source: 'partner', contact: { name: 'Partner Lead' } });
      const partnerPage = (await as('partner').get('/leads?limit=500').expect(200)).body;
      expect(partnerPage.items.map((l: { id: string }) => l.id)).toEqual([own.id]);
      const annaPage = (await as('anna').get('/leads?limit=500').expect(200)).body;
      expect(annaPage.items.length).toBeGreaterThan(0);
      expect(annaPage.items.every((l: { assigneeId: string }) => l.assigneeId === ids.anna)).toBe(true);
      const channelPage = (await as('channel').get('/leads?limit=500').expect(200)).body;
      expect(channelPage.items.map((l: { id: string }) => l.id)).toEqual([own.id]);
    });

    it('should filter, search and page with a cursor', async () => {
      for (const name of ['Search One', 'Search Two', 'Search Three']) await lead('head', { contact: { name }, source: 'website', assigneeId: ids.boris });
      const first = (await as('head').get('/leads').query({ q: 'search', source: 'website', ownerId: ids.boris, isRepeat: 'false', limit: 2 }).expect(200)).body;
      expect(first.items.map((l: { contact: { name: string } }) => l.contact.name)).toEqual(['Search Three', 'Search Two']);
      const second = (await as('head').get('/leads').query({ q: 'search', limit: 2, cursor: first.nextCursor }).expect(200)).body;
      expect(second).toEqual({ items: [expect.objectContaining({ contact: expect.objectContaining({ name: 'Search One' }) })], nextCursor: null });
    });

    it('should find a lead by its phone written another way and by two letters starting a word (ADR 0019)', async () => {
      const created = await lead('head', { contact: { name: 'Zoya Phonebook', phone: '8 916 777-11-22' }, source: 'website' });
      const found = async (q: string): Promise<string[]> =>
        (await as('head').get('/leads').query({ q }).expect(200)).body.items.map((l: { id: string }) => l.id);
      expect(await found('+7 (916) 777 11 22')).toEqual([created.id]);
      expect(await found('007 916 7771122')).toEqual([created.id]);
      expect(await found('Zo')).toContain(created.id);
      expect(await found('ph')).toContain(created.id);
      expect(await found('oy')).not.toContain(created.id);
    });

    it.each([
      ['limit', { limit: '0' }],
      ['limit', { limit: 'many' }],
      ['status', { status: 'lost' }],
      ['ownerId', { ownerId: 'anna' }],
      ['isRepeat', { isRepeat: 'maybe' }],
      ['createdFrom', { createdFrom: 'yesterday' }],
      ['cursor', { cursor: '!!' }],
      ['sort', { sort: 'name' }],
    ])('should answer 400 naming %s when the query is invalid', async (field, query) => {
      const response = await as('head').get('/leads').query(query).expect(400);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });
  });

  describe('PATCH /leads/{id}', () => {
    it('should change the lead and answer the new version when If-Match is current', async () => {
      const created = await lead('head', { assigneeId: ids.anna });
      const response = await as('anna').patch(`/leads/${created.id}`, { comment: 'Call back Monday', expectedAmount: 2000 }, '"1"').expect(200);
      expect(response.headers.etag).toBe('"2"');
      expect(response.body).toMatchObject({ version: 2, comment: 'Call back Monday', expectedAmount: 2000 });
    });

    it('should answer 412 and keep the lead when If-Match is stale', async () => {
      const created = await lead('head', { assigneeId: ids.anna });
      await as('anna').patch(`/leads/${created.id}`, { comment: 'first' }, '"1"').expect(200);
      const response = await as('anna').patch(`/leads/${created.id}`, { comment: 'second' }, '"1"').expect(412);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(await stored(created.id)).toMatchObject({ comment: 'first', version: 2 });
    });

    it('should answer 428 and keep the lead when If-Match is missing', async () => {
      const created = await lead('head', { assigneeId: ids.anna });
      await as('anna').patch(`/leads/${created.id}`, { comment: 'x' }).expect(428);
      expect(await stored(created.id)).toMatchObject({ comment: null, version: 1 });
    });

    it('should answer 404 when a manager edits another manager’s lead', async () => {
      const created = await lead('head', { assigneeId: ids.anna });
      await as('boris').patch(`/leads/${created.id}`, { comment: 'x' }, '"1"').expect(404);
      expect(await stored(created.id)).toMatchObject({ comment: null, version: 1 });
    });

    it.each([
      ['contact.name', { contact: { name: '' } }],
      ['contact.email', { contact: { name: 'A', email: 'nope' } }],
      ['segment', { segment: 'b2g' }],
      ['expectedAmount', { expectedAmount: 1.234 }],
      ['currency', { currency: 'euro' }],
      ['assigneeId', { assigneeId: 'anna' }],
      ['status', { status: 'qualified' }],
    ])('should answer 400 naming %s and store nothing when the body is invalid', async (field, body) => {
      const created = await lead('head', { assigneeId: ids.anna });
      const response = await as('head').patch(`/leads/${created.id}`, body, '"1"').expect(400);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await stored(created.id)).toMatchObject({ version: 1 });
    });
  });

  describe('POST /leads/{id}/status', () => {
    it('should move the lead and refuse to move it again once junk', async () => {
      const created = await lead('head', { assigneeId: ids.anna });
      const moved = await as('anna').post(`/leads/${created.id}/status`, { status: 'in_progress' }).expect(200);
      expect(moved.body).toMatchObject({ status: 'in_progress', version: 2 });
      await as('anna').post(`/leads/${created.id}/status`, { status: 'junk', reason: 'No budget' }).expect(200);
      const refused = await as('anna').post(`/leads/${created.id}/status`, { status: 'qualified' }).expect(422);
      expect(refused.headers['content-type']).toMatch(PROBLEM);
      expect(await stored(created.id)).toMatchObject({ status: 'junk', version: 3 });
    });

    it.each([
      ['status', { status: 'won' }],
      ['status', { status: 'converted' }],
      ['reason', { status: 'junk' }],
      ['extra', { status: 'qualified', extra: 1 }],
    ])('should answer 400 naming %s and keep the status when the body is invalid', async (field, body) => {
      const created = await lead('head', { assigneeId: ids.anna });
      const response = await as('anna').post(`/leads/${created.id}/status`, body).expect(400);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await stored(created.id)).toMatchObject({ status: 'new' });
    });
  });

  describe('POST /leads/{id}/convert', () => {
    it('should convert once, answer the ids, and answer 409 the second time', async () => {
      const created = await lead('head', { assigneeId: ids.anna });
      const converted = await as('anna').post(`/leads/${created.id}/convert`, { title: 'Scanners', type: 'consultative' }).expect(200);
      expect(converted.body).toEqual({ leadId: created.id, customerId: CUSTOMER_ID, dealId: expect.any(String) });
      const again = await as('anna').post(`/leads/${created.id}/convert`, {}).expect(409);
      expect(again.headers['content-type']).toMatch(PROBLEM);
      expect(await stored(created.id)).toMatchObject({ status: 'converted' });
    });

    it('should answer 403 when a partner user converts', async () => {
      const own = await lead('partner', { source: 'partner' });
      await as('partner').post(`/leads/${own.id}/convert`, {}).expect(403);
      expect(await stored(own.id)).toMatchObject({ status: 'new' });
    });

    it.each([
      ['amount', { amount: 'a lot', currency: 'EUR' }],
      ['currency', { amount: 10 }],
      ['type', { type: 'barter' }],
      ['pipelineId', { pipelineId: 'default' }],
    ])('should answer 400 naming %s and leave the lead open when the body is invalid', async (field, body) => {
      const created = await lead('head', { assigneeId: ids.anna });
      const response = await as('anna').post(`/leads/${created.id}/convert`, body).expect(400);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await stored(created.id)).toMatchObject({ status: 'new' });
    });
  });
});
