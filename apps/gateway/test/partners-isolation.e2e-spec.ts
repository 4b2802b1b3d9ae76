import { cleanupSuite, eventually } from '@saleswire/testing';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { operationsOf, partnerWithRecords, REGISTRATION_BODY } from './route-scope';
import { ADMIN, e2ePlatform, tokenFor } from './support';

/** The OpenAPI tags of the partners routes: every operation under them must have an isolation case below. */
const PARTNER_TAGS = ['partners', 'deal-registrations', 'commissions', 'partner-routing', 'lead-offers'];

type Side = 'one' | 'two';
type RecordKind = 'partner' | 'registration' | 'commission' | 'offer';

/**
 * How a partner user calls a route with the other partner's record, and what it must get: 404 exactly like a record
 * that does not exist, 403 where its role may not make that write at all, or (`list`) a page holding none of the
 * other partner's records even when asked for them by filter.
 */
interface IsolationCase {
  record?: RecordKind;
  body?: object;
  headers?: Record<string, string>;
  /** For lists: the query naming the other partner. */
  query?: (other: Records) => string;
  expect: 404 | 403 | 'list';
  /** A stream that never ends: its own record's 200 is proven by its own suite (partner-feed.e2e-spec). */
  stream?: true;
}

interface Records {
  partner: string;
  registration: string;
  commission: string;
  /** An open offer of a lead to the partner. */
  offer: string;
  /** The registration that stays submitted, for the steps only a submitted one allows. */
  submitted: string;
}

const CASES: Record<string, IsolationCase> = {
  'POST /api/v1/partners': { body: { name: 'Probe', kind: 'agent', tier: 'gold', territories: [], commissionRate: 0.1 }, expect: 403 },
  'GET /api/v1/partners': { query: () => 'limit=500', expect: 'list' },
  'GET /api/v1/partners/{id}': { record: 'partner', expect: 404 },
  'PATCH /api/v1/partners/{id}': { record: 'partner', body: { name: 'Taken over' }, headers: { 'If-Match': '"1"' }, expect: 403 },
  'POST /api/v1/partners/{id}/suspend': { record: 'partner', body: {}, expect: 403 },
  'POST /api/v1/partners/{id}/reactivate': { record: 'partner', body: {}, expect: 403 },
  'POST /api/v1/partners/{id}/deal-registrations': { record: 'partner', body: REGISTRATION_BODY, expect: 404 },
  'GET /api/v1/partners/{id}/commissions': { record: 'partner', expect: 404 },
  'GET /api/v1/partners/{id}/feed': { record: 'partner', expect: 404, stream: true },
  'GET /api/v1/deal-registrations': { query: (other) => `partnerId=${other.partner}&limit=500`, expect: 'list' },
  'GET /api/v1/deal-registrations/{id}': { record: 'registration', expect: 404 },
  'POST /api/v1/deal-registrations/{id}/approve': { record: 'registration', body: {}, expect: 403 },
  'POST /api/v1/deal-registrations/{id}/reject': { record: 'registration', body: { reason: 'Probe' }, expect: 403 },
  'POST /api/v1/deal-registrations/{id}/extend': { record: 'registration', body: { days: 10 }, expect: 403 },
  'POST /api/v1/deal-registrations/{id}/withdraw': { record: 'registration', body: {}, expect: 404 },
  'GET /api/v1/commissions': { query: (other) => `partnerId=${other.partner}&limit=500`, expect: 'list' },
  'POST /api/v1/commissions/{id}/approve': { record: 'commission', body: {}, expect: 403 },
  'POST /api/v1/commissions/{id}/pay': { record: 'commission', body: {}, expect: 403 },
  'GET /api/v1/partner-routing': { expect: 403 },
  'PUT /api/v1/partner-routing': { body: { enabled: false, sources: [], offerHours: 1 }, expect: 403 },
  'GET /api/v1/lead-offers': { query: (other) => `partnerId=${other.partner}&limit=500`, expect: 'list' },
  'POST /api/v1/lead-offers/{id}/accept': { record: 'offer', body: {}, expect: 404 },
  'POST /api/v1/lead-offers/{id}/decline': { record: 'offer', body: { reason: 'Probe' }, expect: 404 },
};

/** Each side's partner covers a country of its own, so each gets the offers of its own leads. */
const TERRITORY: Record<'one' | 'two', string> = { one: 'SE', two: 'NO' };

describe('gateway: a partner user reaches only its own partner’s records, on every partners route (booted platform)', () => {
  const platform = e2ePlatform();
  let gateway: string;
  let admin: string;
  let operations: string[] = [];
  const tokens: Record<Side, string> = { one: '', two: '' };
  const records: Record<Side, Records> = {
    one: { partner: '', registration: '', commission: '', offer: '', submitted: '' },
    two: { partner: '', registration: '', commission: '', offer: '', submitted: '' },
  };
  const other = (side: Side): Side => (side === 'one' ? 'two' : 'one');

  const call = (method: string, path: string, token: string, spec: IsolationCase): request.Test => {
    let req = request(gateway)[method.toLowerCase() as 'get' | 'post' | 'patch' | 'put'](path).set('Authorization', `Bearer ${token}`);
    for (const [name, value] of Object.entries(spec.headers ?? {})) req = req.set(name, value);
    return spec.body === undefined ? req : req.send(spec.body);
  };

  /** An open offer to the side's partner: a lead of a routed source in its territory. */
  async function offeredLead(side: Side): Promise<string> {
    await request(gateway)
      .post('/api/v1/leads')
      .set('Authorization', `Bearer ${admin}`)
      .send({ contact: { name: `Offered ${side}` }, source: 'website', direction: 'inbound', region: TERRITORY[side] })
      .expect(201);
    const offers = await eventually(
      () => request(gateway).get('/api/v1/lead-offers').set('Authorization', `Bearer ${tokens[side]}`),
      (r) => r.status === 200 && r.body.items.length === 1,
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    return offers.body.items[0].id;
  }

  beforeAll(async () => {
    await Promise.all([platform.start('partners'), platform.start('deals'), platform.start('leads')]);
    await platform.start('gateway');
    gateway = platform.url('gateway');
    admin = await tokenFor(gateway, ADMIN);
    await request(gateway).put('/api/v1/partner-routing').set('Authorization', `Bearer ${admin}`).send({ enabled: true, sources: ['website'], offerHours: 48 }).expect(200);
    for (const side of ['one', 'two'] as const) {
      const { token, ...mine } = await partnerWithRecords(gateway, admin, `Isolation ${side}`, [TERRITORY[side]]);
      tokens[side] = token;
      records[side] = { ...mine, offer: await offeredLead(side) };
    }
    operations = await operationsOf(gateway, PARTNER_TAGS);
  }, 120_000);

  afterAll(async () => {
    await platform.stopAll();
    await cleanupSuite();
  });

  it('should have an isolation case for every partners route in the OpenAPI document, and none for a route that is gone', () => {
    expect(operations.length).toBeGreaterThanOrEqual(23);
    expect(operations.filter((operation) => !CASES[operation])).toEqual([]);
    expect(Object.keys(CASES).filter((operation) => !operations.includes(operation))).toEqual([]);
  });

  describe.each(['one', 'two'] as const)("partner %s's user on the other partner's records", (side) => {
    it.each(Object.entries(CASES))('%s', async (operation, spec) => {
      const [method, template] = operation.split(' ');
      const theirs = records[other(side)];
      const ofRecord = (id: string): string => template.replace('{id}', id);
      const recordId = spec.record === 'registration' && operation.endsWith('/withdraw') ? theirs.submitted : spec.record ? theirs[spec.record] : '';
      const path = spec.query ? `${template}?${spec.query(theirs)}` : ofRecord(recordId);
      const response = await call(method, path, tokens[side], spec);
      if (spec.expect === 'list') {
        expect(response.status).toBe(200);
        const foreign = (response.body.items as Array<{ id: string; partnerId?: string }>).filter(
          (item) => item.id === theirs.partner || item.partnerId === theirs.partner,
        );
        expect(foreign).toEqual([]);
        return;
      }
      expect(response.status).toBe(spec.expect);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      if (spec.expect === 404) {
        // Exactly like a record that does not exist: same status, same title, nothing that tells them apart.
        const none = await call(method, ofRecord(randomUUID()), tokens[side], spec);
        expect({ status: none.status, title: none.body.title }).toEqual({ status: response.status, title: response.body.title });
        // And the route works on the partner's own record, so the 404 is the scope's, not the route's.
        const own = records[side];
        const mine = spec.record === 'registration' && operation.endsWith('/withdraw') ? own.submitted : own[spec.record!];
        if (method === 'GET' && !spec.stream) await call(method, ofRecord(mine), tokens[side], spec).expect(200);
      }
    });
  });

  it("should have left every other partner's record as it was", async () => {
    for (const side of ['one', 'two'] as const) {
      const mine = records[side];
      const partner = await request(gateway).get(`/api/v1/partners/${mine.partner}`).set('Authorization', `Bearer ${tokens[side]}`).expect(200);
      expect(partner.body).toMatchObject({ name: `Isolation ${side}`, status: 'active', version: 1 });
      const submitted = await request(gateway).get(`/api/v1/deal-registrations/${mine.submitted}`).set('Authorization', `Bearer ${tokens[side]}`).expect(200);
      expect(submitted.body).toMatchObject({ status: 'submitted', version: 1 });
      const commissions = await request(gateway).get(`/api/v1/partners/${mine.partner}/commissions`).set('Authorization', `Bearer ${tokens[side]}`).expect(200);
      expect(commissions.body.items).toEqual([expect.objectContaining({ id: mine.commission, status: 'accrued' })]);
      const offers = await request(gateway).get('/api/v1/lead-offers').set('Authorization', `Bearer ${tokens[side]}`).expect(200);
      expect(offers.body.items).toEqual([expect.objectContaining({ id: mine.offer, status: 'offered', partnerId: mine.partner })]);
      const registrations = await request(gateway).get('/api/v1/deal-registrations?limit=500').set('Authorization', `Bearer ${tokens[side]}`).expect(200);
      expect(registrations.body.items.every((r: { partnerId: string }) => r.partnerId === mine.partner)).toBe(true);
    }
  });
});
