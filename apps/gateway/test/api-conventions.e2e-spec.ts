import { cleanupSuite, PlatformUnderTest, suiteSchema } from '@saleswire/testing';
import { Client } from 'pg';
import request from 'supertest';
import { ADMIN, createPartner, tokenFor } from './support';

const LEAD = { contact: { name: 'Irina Volkova' }, source: 'website', direction: 'inbound' };
/** A partner signed up through the API: a partner user needs a real, active one. */
let PARTNER_ID = '';

describe('gateway conventions: rate limits and Idempotency-Key (booted platform)', () => {
  const platform = new PlatformUnderTest({
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    JWT_SECRET: 'e2e-secret-e2e-secret-e2e-secret-0123456789',
    // Budgets of 30 and 40 that refill too slowly to matter, however slowly the machine sends the requests.
    RATE_LIMIT_USER_BURST: '30',
    RATE_LIMIT_USER_PER_SECOND: '0.0001',
    RATE_LIMIT_PARTNER_BURST: '40',
    RATE_LIMIT_PARTNER_PER_SECOND: '0.0001',
    RATE_LIMIT_ANONYMOUS_BURST: '1000',
  });
  let gateway: string;
  let adminToken: string;
  let pg: Client;

  async function userToken(email: string, role: string, partnerId?: string): Promise<string> {
    await request(gateway)
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${adminToken}`)
      .send({ email, name: email, role, password: 'long-enough-password', ...(partnerId ? { partnerId } : {}) })
      .expect(201);
    return tokenFor(gateway, { email, password: 'long-enough-password' });
  }

  async function leadsNamed(name: string): Promise<number> {
    const { rows } = await pg.query(`SELECT count(*)::int AS n FROM "${suiteSchema('leads')}".lead WHERE contact_name = $1`, [name]);
    return rows[0].n as number;
  }

  beforeAll(async () => {
    pg = new Client({ connectionString: process.env.DATABASE_URL });
    await pg.connect();
    await Promise.all([platform.start('leads'), platform.start('partners')]);
    await platform.start('gateway');
    gateway = platform.url('gateway');
    adminToken = await tokenFor(gateway, ADMIN);
    PARTNER_ID = await createPartner(gateway, adminToken);
  });

  afterAll(async () => {
    await platform.stopAll();
    await pg.end();
    await cleanupSuite();
  });

  describe('rate limits', () => {
    it('should put RateLimit headers on successful and failed answers alike', async () => {
      const token = await userToken('headers@e2e.test', 'manager');
      const answers = [
        await request(gateway).post('/api/v1/leads').set('Authorization', `Bearer ${token}`).send(LEAD).expect(201),
        await request(gateway).post('/api/v1/leads').set('Authorization', `Bearer ${token}`).send({}).expect(400),
        await request(gateway).get('/api/v1/api-keys').set('Authorization', `Bearer ${token}`).expect(403),
        await request(gateway).get('/api/v1/users').expect(401),
      ];
      for (const answer of answers) {
        expect(answer.headers['ratelimit-limit']).toMatch(/^\d+$/);
        expect(answer.headers['ratelimit-remaining']).toMatch(/^\d+$/);
        expect(Number(answer.headers['ratelimit-reset'])).toBeGreaterThan(0);
      }
      expect(answers[0].headers['ratelimit-limit']).toBe('30');
      expect(Number(answers[1].headers['ratelimit-remaining'])).toBe(Number(answers[0].headers['ratelimit-remaining']) - 1);
    });

    it('should answer 429 with Retry-After once a user has used the budget, and leave other users alone', async () => {
      const token = await userToken('busy@e2e.test', 'head_of_sales');
      const other = await userToken('calm@e2e.test', 'head_of_sales');
      const statuses: number[] = [];
      for (let i = 0; i < 32; i++) {
        statuses.push((await request(gateway).get('/api/v1/reports/lead-sources').set('Authorization', `Bearer ${token}`)).status);
      }
      const refused = await request(gateway).get('/api/v1/reports/lead-sources').set('Authorization', `Bearer ${token}`).expect(429);
      expect(statuses.filter((status) => status === 429)).toHaveLength(2); // the 31st and 32nd
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({ status: 429, title: 'Too Many Requests' });
      expect(refused.headers['ratelimit-remaining']).toBe('0');
      await request(gateway).post('/api/v1/leads').set('Authorization', `Bearer ${other}`).send(LEAD).expect(201);
    });

    it("should make a partner's users share the partner's budget", async () => {
      const first = await userToken('pu1@e2e.test', 'partner_user', PARTNER_ID);
      const second = await userToken('pu2@e2e.test', 'partner_user', PARTNER_ID);
      for (let i = 0; i < 25; i++) {
        await request(gateway).post('/api/v1/leads').set('Authorization', `Bearer ${first}`).send(LEAD).expect(201);
      }
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) {
        statuses.push((await request(gateway).post('/api/v1/leads').set('Authorization', `Bearer ${second}`).send(LEAD)).status);
      }
      // 40 for the partner: the second user's 16th request is the partner's 41st.
      expect(statuses.indexOf(429)).toBe(15);
    });
  });

  describe('Idempotency-Key', () => {
    let token: string;

    beforeAll(async () => {
      token = await userToken('writer@e2e.test', 'manager');
    });

    const post = (body: object, key?: string, as = token) => {
      const call = request(gateway).post('/api/v1/leads').set('Authorization', `Bearer ${as}`);
      return (key ? call.set('Idempotency-Key', key) : call).send(body);
    };

    it('should answer the same key and body with the first answer, and store the lead once', async () => {
      const body = { ...LEAD, contact: { name: 'Idem One' } };
      const first = await post(body, 'key-1').expect(201);
      const again = await post({ direction: 'inbound', source: 'website', contact: { name: 'Idem One' } }, 'key-1').expect(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      expect(await leadsNamed('Idem One')).toBe(1);
    });

    it('should answer 409 when the key comes back with another body', async () => {
      await post({ ...LEAD, contact: { name: 'Idem Two' } }, 'key-2').expect(201);
      const conflict = await post({ ...LEAD, contact: { name: 'Idem Two, changed' } }, 'key-2').expect(409);
      expect(conflict.body.errors).toEqual([{ field: 'Idempotency-Key', message: expect.stringMatching(/different request/) }]);
      expect(await leadsNamed('Idem Two, changed')).toBe(0);
    });

    it('should keep keys apart per caller', async () => {
      const other = await userToken('writer2@e2e.test', 'manager');
      const body = { ...LEAD, contact: { name: 'Idem Three' } };
      const mine = await post(body, 'shared-key').expect(201);
      const theirs = await post(body, 'shared-key', other).expect(201);
      expect(theirs.body.id).not.toBe(mine.body.id);
    });

    it('should store one lead when the same key arrives twice at once', async () => {
      const body = { ...LEAD, contact: { name: 'Idem Four' } };
      const answers = await Promise.all([post(body, 'key-4'), post(body, 'key-4')]);
      expect(answers.map((a) => a.status).sort()).toEqual(expect.arrayContaining([201]));
      expect(answers.every((a) => a.status === 201 || a.status === 409)).toBe(true);
      expect(await leadsNamed('Idem Four')).toBe(1);
    });

    it('should replay a 400 answer and reject a malformed key', async () => {
      const first = await post({ contact: {} }, 'key-5').expect(400);
      const again = await post({ contact: {} }, 'key-5').expect(400);
      expect(again.body).toEqual(first.body);
      expect(again.headers['content-type']).toMatch(/^application\/problem\+json/);
      await post(LEAD, 'x'.repeat(201)).expect(400);
    });
  });
});
