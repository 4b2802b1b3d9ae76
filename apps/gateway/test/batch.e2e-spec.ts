import { cleanupSuite, suiteSchema } from '@saleswire/testing';
import { Client } from 'pg';
import request from 'supertest';
import { ADMIN, e2ePlatform, tokenFor } from './support';

const PROBLEM = /^application\/problem\+json/;
const LEAD = { contact: { name: 'Batch Lead' }, source: 'website', direction: 'inbound' };
const PARTNER = { kind: 'reseller', tier: 'silver', territories: ['DE'], commissionRate: 0.1 };
const MISSING = '01936f0e-8a4b-7c3d-9e2f-0000000000f0';

interface Result {
  status: number;
  body: { id?: string; version?: number; status?: number; errors?: Array<{ field: string }>; items?: Array<{ id: string }> } | null;
  headers?: Record<string, string>;
}

describe('gateway: POST /api/v1/batch (booted platform)', () => {
  // A user's budget that does not refill during the suite, so that what each batch spends can be counted.
  const platform = e2ePlatform();
  let gateway: string;
  let adminToken: string;
  let managerToken: string;
  let managerId: string;
  let pg: Client;
  let partnerA: string;
  let partnerB: string;

  const batch = (credentials: Record<string, string>, body: unknown) =>
    request(gateway).post('/api/v1/batch').set(credentials).send(body as object);
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  async function leadsNamed(name: string): Promise<number> {
    const { rows } = await pg.query(`SELECT count(*)::int AS n FROM "${suiteSchema('leads')}".lead WHERE contact_name = $1`, [name]);
    return rows[0].n as number;
  }

  beforeAll(async () => {
    pg = new Client({ connectionString: process.env.DATABASE_URL });
    await pg.connect();
    await Promise.all([platform.start('leads'), platform.start('partners')]);
    await platform.start('gateway', { RATE_LIMIT_USER_PER_SECOND: '0.001', RATE_LIMIT_USER_BURST: '1000' });
    gateway = platform.url('gateway');
    adminToken = await tokenFor(gateway, ADMIN);
    const manager = await request(gateway)
      .post('/api/v1/users')
      .set(bearer(adminToken))
      .send({ email: 'batch-manager@e2e.test', name: 'Batch Manager', role: 'manager', password: 'manager-password' })
      .expect(201);
    managerId = manager.body.id;
    managerToken = await tokenFor(gateway, { email: 'batch-manager@e2e.test', password: 'manager-password' });
    // A partner key's partner is asked of the partners service: it must exist and be active.
    partnerA = (await request(gateway).post('/api/v1/partners').set(bearer(adminToken)).send({ ...PARTNER, name: 'Batch Partner A' }).expect(201)).body.id;
    partnerB = (await request(gateway).post('/api/v1/partners').set(bearer(adminToken)).send({ ...PARTNER, name: 'Batch Partner B' }).expect(201)).body.id;
  });

  afterAll(async () => {
    await platform.stopAll();
    await pg.end();
    await cleanupSuite();
  });

  it('should answer mixed operations in order, each with its own status: created, bad input, missing, forbidden', async () => {
    const answer = await batch(bearer(managerToken), {
      operations: [
        { method: 'POST', path: '/api/v1/leads', body: { ...LEAD, contact: { name: 'Batch One' }, assigneeId: managerId } },
        { method: 'POST', path: '/api/v1/leads', body: { contact: {} } },
        { method: 'GET', path: `/api/v1/leads/${MISSING}` },
        { method: 'GET', path: '/api/v1/api-keys' },
        { method: 'GET', path: '/api/v1/leads?limit=500' },
        { method: 'GET', path: '/api/v1/no-such-route' },
      ],
    }).expect(200);
    const results = answer.body.results as Result[];
    expect(results.map((result) => result.status)).toEqual([201, 400, 404, 403, 200, 404]);
    expect(results[0].body).toMatchObject({ status: 'new', assigneeId: managerId });
    expect(results[1].body).toMatchObject({ status: 400, title: 'Invalid request' });
    expect(results[1].body?.errors?.map((error) => error.field)).toContain('contact.name');
    expect(results[3].body).toMatchObject({ status: 403, title: 'Forbidden' });
    // Run in order: the list sees the lead the first operation made.
    expect(results[4].body?.items?.map((lead) => lead.id)).toContain(results[0].body?.id);
    expect(await leadsNamed('Batch One')).toBe(1);
  });

  it("should run every operation with the caller's own scope", async () => {
    const admin = bearer(adminToken);
    const created = await batch(admin, {
      operations: [
        { method: 'POST', path: '/api/v1/leads', body: { ...LEAD, partnerId: partnerA } },
        { method: 'POST', path: '/api/v1/leads', body: { ...LEAD, partnerId: partnerB } },
      ],
    }).expect(200);
    const [ours, theirs] = (created.body.results as Result[]).map((result) => result.body?.id);
    const partnerKey = await request(gateway).post('/api/v1/api-keys').set(admin).send({ name: 'portal', role: 'partner_user', partnerId: partnerA }).expect(201);
    const answer = await batch({ 'X-Api-Key': partnerKey.body.key }, {
      operations: [
        { method: 'GET', path: `/api/v1/leads/${ours}` },
        { method: 'GET', path: `/api/v1/leads/${theirs}` },
        { method: 'GET', path: '/api/v1/api-keys' },
      ],
    }).expect(200);
    expect((answer.body.results as Result[]).map((result) => result.status)).toEqual([200, 404, 403]);
  });

  it('should take an Idempotency-Key and an If-Match per operation', async () => {
    const lead = { ...LEAD, contact: { name: 'Batch Idem' }, assigneeId: managerId };
    const answer = await batch(bearer(managerToken), {
      operations: [
        { method: 'POST', path: '/api/v1/leads', body: lead, idempotencyKey: 'batch-idem-1' },
        { method: 'POST', path: '/api/v1/leads', body: lead, idempotencyKey: 'batch-idem-1' },
        { method: 'POST', path: '/api/v1/leads', body: { ...lead, title: 'changed' }, idempotencyKey: 'batch-idem-1' },
      ],
    }).expect(200);
    const results = answer.body.results as Result[];
    expect(results.map((result) => result.status)).toEqual([201, 201, 409]);
    expect(results[1].body).toEqual(results[0].body);
    expect(results[1].headers).toMatchObject({ 'idempotent-replayed': 'true' });
    expect(await leadsNamed('Batch Idem')).toBe(1);

    const id = results[0].body!.id!;
    const patched = await batch(bearer(managerToken), {
      operations: [
        { method: 'PATCH', path: `/api/v1/leads/${id}`, body: { title: 'no version' } },
        { method: 'PATCH', path: `/api/v1/leads/${id}`, body: { title: 'first' }, ifMatch: '"1"' },
        { method: 'PATCH', path: `/api/v1/leads/${id}`, body: { title: 'stale' }, ifMatch: '"1"' },
      ],
    }).expect(200);
    expect((patched.body.results as Result[]).map((result) => result.status)).toEqual([428, 200, 412]);
    expect((patched.body.results as Result[])[1].headers).toMatchObject({ etag: '"2"' });
  });

  it('should count every operation against the rate limit as if it were sent alone', async () => {
    const before = await request(gateway).get('/api/v1/leads').set(bearer(managerToken)).expect(200);
    await batch(bearer(managerToken), { operations: Array.from({ length: 5 }, () => ({ method: 'GET', path: '/api/v1/leads' })) }).expect(200);
    const after = await request(gateway).get('/api/v1/leads').set(bearer(managerToken)).expect(200);
    // Five operations, the batch itself, and the request that reads the header.
    expect(Number(before.headers['ratelimit-remaining']) - Number(after.headers['ratelimit-remaining'])).toBe(7);
  });

  it.each([
    ['a nested batch', { method: 'POST', path: '/api/v1/batch', body: { operations: [{ method: 'GET', path: '/api/v1/leads' }] } }, 'path'],
    ['a path outside the API', { method: 'GET', path: '/health/ready' }, 'path'],
    ['a dot segment', { method: 'GET', path: '/api/v1/leads/../users' }, 'path'],
    ['an unknown method', { method: 'TRACE', path: '/api/v1/leads' }, 'method'],
    ['a GET with a body', { method: 'GET', path: '/api/v1/leads', body: {} }, 'body'],
    ['an unknown field', { method: 'GET', path: '/api/v1/leads', headers: { authorization: 'x' } }, 'headers'],
    ['an operation that is not an object', 'GET /api/v1/leads', ''],
  ])('should answer %s with a 400 in its slot and still run the others', async (_case, operation, field) => {
    const answer = await batch(bearer(adminToken), { operations: [operation, { method: 'GET', path: '/api/v1/leads?limit=1' }] }).expect(200);
    const [bad, good] = answer.body.results as Result[];
    expect(bad.status).toBe(400);
    expect(bad.body?.errors?.map((error) => error.field)).toContain(field);
    expect(good.status).toBe(200);
  });

  it.each([
    ['no operations', { operations: [] }],
    ['101 operations', { operations: Array.from({ length: 101 }, () => ({ method: 'GET', path: '/api/v1/leads' })) }],
    ['operations that are not a list', { operations: { method: 'GET', path: '/api/v1/leads' } }],
    ['no operations field', {}],
    ['an unknown field', { operations: [{ method: 'GET', path: '/api/v1/leads' }], atomic: true }],
    ['a list for a body', [{ method: 'GET', path: '/api/v1/leads' }]],
  ])('should answer a malformed batch (%s) with one 400 problem and run nothing', async (_case, body) => {
    const answer = await batch(bearer(adminToken), body).expect(400);
    expect(answer.headers['content-type']).toMatch(PROBLEM);
    expect(answer.body.status).toBe(400);
  });

  it('should answer 401 to a batch without credentials, before any operation', async () => {
    const answer = await batch({}, { operations: [{ method: 'POST', path: '/api/v1/leads', body: { ...LEAD, contact: { name: 'Batch Anonymous' } } }] }).expect(401);
    expect(answer.headers['content-type']).toMatch(PROBLEM);
    expect(await leadsNamed('Batch Anonymous')).toBe(0);
  });
});
