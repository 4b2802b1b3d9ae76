import { cleanupSuite, eventually, suiteSchema, TcpProxy } from '@saleswire/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { ADMIN, e2ePlatform, tokenFor } from './support';

const LEAD = { source: 'website', direction: 'inbound' };

/**
 * ADR 0010 through the booted platform: a write's Idempotency-Key travels to the service that makes the change
 * and is recorded there with it, so a retry after a lost answer gets the first answer and changes nothing again.
 */
describe('gateway: exactly once from the client to the change (booted platform)', () => {
  // RPC_TIMEOUT_MS 1500 (e2ePlatform): a change held up longer than that loses its answer.
  const platform = e2ePlatform();
  let gateway: string;
  let admin: string;
  let pg: Client;

  const post = (path: string, body: object | string, key?: string, contentType = 'application/json') => {
    const call = request(gateway).post(`/api/v1${path}`).set('Authorization', `Bearer ${admin}`).set('Content-Type', contentType);
    return (key ? call.set('Idempotency-Key', key) : call).send(body);
  };
  const put = (path: string, body: object, key?: string) => {
    const call = request(gateway).put(`/api/v1${path}`).set('Authorization', `Bearer ${admin}`);
    return (key ? call.set('Idempotency-Key', key) : call).send(body);
  };
  const leadsNamed = async (name: string): Promise<number> =>
    (await pg.query(`SELECT count(*)::int AS n FROM "${suiteSchema('leads')}".lead WHERE contact_name = $1`, [name])).rows[0].n as number;
  /** Drops the gateway's own record of a key, so that the retry can only be answered by the service's. */
  const forgetAtGateway = (key: string) => pg.query(`DELETE FROM "${suiteSchema('iam')}".idempotency_record WHERE key = $1`, [key]);

  /**
   * Holds up every insert into leads' `lead` table until `release` is called: a change that commits after its
   * caller gave up waiting, which is what a lost reply looks like from the service's side.
   */
  async function holdLeadInserts(): Promise<{ release: () => Promise<void> }> {
    const blocker = new Client({ connectionString: process.env.DATABASE_URL });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query(`LOCK TABLE "${suiteSchema('leads')}".lead IN SHARE ROW EXCLUSIVE MODE`);
    return {
      release: async () => {
        await blocker.query('COMMIT');
        await blocker.end();
      },
    };
  }

  beforeAll(async () => {
    pg = new Client({ connectionString: process.env.DATABASE_URL });
    await pg.connect();
    await platform.start('leads');
    await platform.start('deals');
    await platform.start('gateway');
    gateway = platform.url('gateway');
    admin = await tokenFor(gateway, ADMIN);
  });

  afterAll(async () => {
    await platform.stopAll();
    await pg.end();
    await cleanupSuite();
  });

  it('should create the lead once and answer the retry with it when the first answer was lost after the commit', async () => {
    const name = `Lost reply ${randomUUID()}`;
    const key = randomUUID();
    const hold = await holdLeadInserts();
    const lost = await post('/leads', { ...LEAD, contact: { name } }, key);
    expect(lost.status).toBe(503);
    expect(lost.headers['retry-after']).toBe('1');
    await hold.release(); // leads commits now, answering a caller that is gone
    await eventually(() => leadsNamed(name), (n) => n === 1);

    const retried = await post('/leads', { ...LEAD, contact: { name } }, key).expect(201);
    expect(retried.headers['idempotent-replayed']).toBe('true');
    expect(retried.body).toMatchObject({ contact: { name }, status: 'new' });
    const again = await post('/leads', { ...LEAD, contact: { name } }, key).expect(201);
    expect(again.body).toEqual(retried.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await leadsNamed(name)).toBe(1);
  });

  it('should make a retry that comes while the first attempt still runs wait for it and answer its answer', async () => {
    const name = `Overtaken ${randomUUID()}`;
    const key = randomUUID();
    const hold = await holdLeadInserts();
    const first = post('/leads', { ...LEAD, contact: { name } }, key).then((response) => response);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const second = post('/leads', { ...LEAD, contact: { name } }, key).then((response) => response);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await hold.release();
    const [a, b] = await Promise.all([first, second]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body).toEqual(a.body);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(await leadsNamed(name)).toBe(1);
  });

  it('should answer 409 naming the key when it comes back with another body, even once the gateway forgot it', async () => {
    const key = randomUUID();
    await post('/leads', { ...LEAD, contact: { name: 'First body' } }, key).expect(201);
    await forgetAtGateway(key);
    const conflict = await post('/leads', { ...LEAD, contact: { name: 'Another body' } }, key).expect(409);
    expect(conflict.body.errors).toEqual([{ field: 'Idempotency-Key', message: expect.stringMatching(/different request/) }]);
    // The 409 is not this key's first answer: the first request still gets its own.
    const original = await post('/leads', { ...LEAD, contact: { name: 'First body' } }, key).expect(201);
    expect(original.headers['idempotent-replayed']).toBe('true');
  });

  describe('every write route', () => {
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      ids.lead = (await post('/leads', { ...LEAD, contact: { name: 'For status' } }).expect(201)).body.id;
      ids.convertible = (await post('/leads', { ...LEAD, contact: { name: 'For conversion' } }).expect(201)).body.id;
      ids.customer = (await post('/customers', { kind: 'company', name: 'Contoso', taxId: '7707083894' }).expect(201)).body.id;
      const deal = { title: 'Scanners', customerId: ids.customer, amount: 1000, currency: 'EUR', type: 'consultative', channel: 'direct' };
      ids.dealToMove = (await post('/deals', deal).expect(201)).body.id;
      ids.dealToPay = (await post('/deals', deal).expect(201)).body.id;
    });

    const WRITES: Array<[string, () => { method: 'post' | 'put'; path: string; body: object | string; contentType?: string; status: number }]> = [
      ['POST /leads', () => ({ method: 'post', path: '/leads', body: { ...LEAD, contact: { name: 'Keyed lead' } }, status: 201 })],
      ['POST /leads/{id}/status', () => ({ method: 'post', path: `/leads/${ids.lead}/status`, body: { status: 'in_progress' }, status: 200 })],
      ['POST /leads/{id}/convert', () => ({ method: 'post', path: `/leads/${ids.convertible}/convert`, body: {}, status: 200 })],
      ['POST /leads/import', () => ({ method: 'post', path: '/leads/import', body: [{ ...LEAD, contact: { name: 'Imported' } }], status: 202 })],
      ['POST /marketing-events', () => ({ method: 'post', path: '/marketing-events', body: { name: 'Expo', kind: 'exhibition', startsOn: '2026-05-01', endsOn: '2026-05-02' }, status: 201 })],
      ['PUT /lead-assignment', () => ({ method: 'put', path: '/lead-assignment', body: { strategy: 'round_robin', members: [] }, status: 200 })],
      ['POST /customers', () => ({ method: 'post', path: '/customers', body: { kind: 'person', name: 'Ivan Petrov', email: 'ivan@keyed.example' }, status: 201 })],
      [
        'POST /pipelines',
        () => ({
          method: 'post',
          path: '/pipelines',
          body: {
            name: 'Keyed',
            kind: 'project',
            stages: [
              { code: 'open', name: 'Open', semantics: 'open', probability: 50 },
              { code: 'won', name: 'Won', semantics: 'won', probability: 100 },
              { code: 'lost', name: 'Lost', semantics: 'lost', probability: 0 },
            ],
          },
          status: 201,
        }),
      ],
      ['POST /deals', () => ({ method: 'post', path: '/deals', body: { title: 'Keyed deal', customerId: ids.customer, amount: 500, currency: 'EUR', type: 'transactional', channel: 'direct' }, status: 201 })],
      ['POST /deals/{id}/stage', () => ({ method: 'post', path: `/deals/${ids.dealToMove}/stage`, body: { stage: 'proposal' }, status: 200 })],
      ['POST /deals/{id}/payments', () => ({ method: 'post', path: `/deals/${ids.dealToPay}/payments`, body: { amount: 300, currency: 'EUR', paidAt: '2026-04-01T10:00:00Z' }, status: 201 })],
      ['POST /users', () => ({ method: 'post', path: '/users', body: { email: 'keyed@e2e.test', name: 'Keyed', role: 'manager', password: 'long-enough-password' }, status: 201 })],
    ];

    it.each(WRITES)('%s: should answer a retry with the first status and body from the service’s record of the key', async (_route, write) => {
      const { method, path, body, status } = write();
      const key = randomUUID();
      const send = () => (method === 'post' ? post(path, body, key) : put(path, body as object, key));
      const first = await send().expect(status);
      await forgetAtGateway(key);
      const again = await send().expect(status);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(first.headers['idempotent-replayed']).toBeUndefined();
    });

    it('should have recorded every key where its change was made, and logged no write that skipped it', async () => {
      const unrecorded = (['gateway', 'leads', 'deals'] as const).flatMap((app) =>
        platform.logs(app).filter((line) => /without recording/.test(String(line.msg))),
      );
      expect(unrecorded).toEqual([]);
      const { rows } = await pg.query(
        `SELECT (SELECT count(*) FROM "${suiteSchema('leads')}".request_key) + (SELECT count(*) FROM "${suiteSchema('deals')}".request_key)
              + (SELECT count(*) FROM "${suiteSchema('iam')}".request_key) AS n`,
      );
      expect(Number(rows[0].n)).toBeGreaterThanOrEqual(WRITES.length);
    });

    it('should document Idempotency-Key on every write route, saying that a write without one is at least once', async () => {
      const docs = (await request(gateway).get('/api/docs-json').expect(200)).body as {
        paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string; description?: string }> }>>;
      };
      for (const [route] of WRITES) {
        const [method, path] = route.split(' ');
        const parameters = docs.paths[`/api/v1${path}`][method.toLowerCase()].parameters ?? [];
        const header = parameters.find((parameter) => parameter.name === 'Idempotency-Key' && parameter.in === 'header');
        expect(header?.description).toMatch(/at least once/);
      }
    });
  });

  describe('with the gateway’s own database away (a second gateway behind a TCP proxy)', () => {
    const second = e2ePlatform();
    let postgres: TcpProxy;
    let via: string;

    beforeAll(async () => {
      const url = new URL(process.env.DATABASE_URL!);
      postgres = new TcpProxy(url.hostname, Number(url.port || 5432));
      await postgres.start();
      url.port = String(postgres.port);
      await second.start('gateway', { DATABASE_URL: url.toString() });
      via = second.url('gateway');
    });

    afterAll(async () => {
      await postgres.start();
      await second.stopAll();
      await postgres.stop();
    });

    it('should answer its own writes 503 with Retry-After, still pass keyed writes on to the service, and be ready again by itself', async () => {
      await postgres.cut();
      const user = await request(via)
        .post('/api/v1/users')
        .set('Authorization', `Bearer ${admin}`)
        .send({ email: 'away@e2e.test', name: 'Away', role: 'manager', password: 'long-enough-password' });
      expect(user.status).toBe(503);
      expect(user.headers['retry-after']).toBe('1');
      expect(user.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect((await request(via).get('/health/ready')).status).toBe(503);

      // The gateway's record of keys is only a help: the service's decides, so a keyed write still goes through.
      const name = `Past a sleeping gateway ${randomUUID()}`;
      const key = randomUUID();
      const first = await request(via).post('/api/v1/leads').set('Authorization', `Bearer ${admin}`).set('Idempotency-Key', key).send({ ...LEAD, contact: { name } });
      expect(first.status).toBe(201);
      const again = await request(via).post('/api/v1/leads').set('Authorization', `Bearer ${admin}`).set('Idempotency-Key', key).send({ ...LEAD, contact: { name } });
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(await leadsNamed(name)).toBe(1);

      await postgres.start();
      await eventually(async () => (await request(via).get('/health/ready')).status, (status) => status === 200, { timeoutMs: 15_000, intervalMs: 200 });
      await request(via)
        .post('/api/v1/users')
        .set('Authorization', `Bearer ${admin}`)
        .send({ email: 'back@e2e.test', name: 'Back', role: 'manager', password: 'long-enough-password' })
        .expect(201);
    });
  });
});
