import { cleanupSuite, eventually, suiteSchema, TestProducer } from '@saleswire/testing';
import { Client } from 'pg';
import request from 'supertest';
import { ADMIN, createPartner, e2ePlatform, tokenFor } from './support';

const LEAD = {
  contact: { name: 'Irina Volkova', email: 'irina@northwind.example', phone: '+7 495 123-45-67' },
  company: { name: 'Northwind', taxId: '7707083893' },
  source: 'exhibition',
  direction: 'inbound',
  title: 'Scanners for three warehouses',
  expectedAmount: 125000.5,
  currency: 'EUR',
};

describe('the slice: POST /leads -> leads -> JetStream -> reporting -> GET /reports/lead-sources (booted platform)', () => {
  const platform = e2ePlatform();
  let gateway: string;
  let token: string;
  let pg: Client;

  async function storedLeads(): Promise<number> {
    const { rows } = await pg.query(`SELECT count(*)::int AS n FROM "${suiteSchema('leads')}".lead`);
    return rows[0].n as number;
  }

  async function leadSources(): Promise<Array<{ source: string; leads: number }>> {
    const response = await request(gateway).get('/api/v1/reports/lead-sources').set('Authorization', `Bearer ${token}`).expect(200);
    return response.body.items;
  }

  beforeAll(async () => {
    pg = new Client({ connectionString: process.env.DATABASE_URL });
    await pg.connect();
    await Promise.all([platform.start('leads', { LOG_LEVEL: 'debug' }), platform.start('reporting'), platform.start('partners')]);
    await platform.start('gateway');
    gateway = platform.url('gateway');
    token = await tokenFor(gateway, ADMIN);
  });

  afterAll(async () => {
    await platform.stopAll();
    await pg.end();
    await cleanupSuite();
  });

  it('should count created leads per source in the report', async () => {
    const sources = ['exhibition', 'exhibition', 'website', 'cold_call'];
    for (const source of sources) {
      const created = await request(gateway)
        .post('/api/v1/leads')
        .set('Authorization', `Bearer ${token}`)
        .send({ ...LEAD, source, direction: source === 'cold_call' ? 'outbound' : 'inbound' })
        .expect(201);
      expect(created.body).toMatchObject({ id: expect.any(String), status: 'new', isRepeat: false, version: 1, source });
    }
    const report = await eventually(leadSources, (items) => items.reduce((n, item) => n + item.leads, 0) === 4);
    // Leads not converted yet: nothing returned, no event, no cost.
    const none = { converted: 0, won: 0, revenue: [], cost: null, roi: null };
    expect(report).toEqual([
      { source: 'exhibition', marketingEventId: null, leads: 2, ...none },
      { source: 'cold_call', marketingEventId: null, leads: 1, ...none },
      { source: 'website', marketingEventId: null, leads: 1, ...none },
    ]);
  });

  it("should count an import's leads per source as it counts leads created one by one (its chunks told a hundred a message)", async () => {
    const rows = Array.from({ length: 250 }, (_, i) => `Imported ${i},imported${i}@slice.example,${i < 150 ? 'seminar' : 'referral'},inbound`);
    const accepted = await request(gateway)
      .post('/api/v1/leads/import')
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'text/csv')
      .send(['name,email,source,direction', ...rows].join('\n'))
      .expect(202);
    const job = async () => (await request(gateway).get(`/api/v1/leads/import/${accepted.body.jobId}`).set('Authorization', `Bearer ${token}`).expect(200)).body;
    expect(await eventually(job, (j) => j.status === 'completed')).toMatchObject({ accepted: 250, rejected: 0 });
    const counted = (items: Array<{ source: string; leads: number }>, source: string) => items.find((item) => item.source === source)?.leads ?? 0;
    const report = await eventually(leadSources, (items) => counted(items, 'seminar') + counted(items, 'referral') >= 250);
    expect([counted(report, 'seminar'), counted(report, 'referral')]).toEqual([150, 100]);
  });

  it('should carry the correlation id from the HTTP header through NATS into the leads service, its logs and its event', async () => {
    const correlationId = `e2e-${Date.now()}`;
    const created = await request(gateway)
      .post('/api/v1/leads')
      .set('Authorization', `Bearer ${token}`)
      .set('X-Correlation-Id', correlationId)
      .send(LEAD)
      .expect(201);
    expect(created.headers['x-correlation-id']).toBe(correlationId);
    const producer = await TestProducer.connect();
    try {
      const messages = await eventually(
        () => producer.messages('LEADS_EVENTS'),
        (list) => list.some((m) => m.data.includes(created.body.id)),
      );
      const event = JSON.parse(messages.find((m) => m.data.includes(created.body.id))!.data);
      expect(event.correlationId).toBe(correlationId);
    } finally {
      await producer.close();
    }
    expect(platform.logs('gateway')).toContainEqual(
      expect.objectContaining({ msg: 'request', route: '/api/v1/leads', status: 201, correlationId }),
    );
    expect(platform.logs('leads')).toContainEqual(
      expect.objectContaining({ msg: 'request handled', subject: expect.stringMatching(/rpc\.leads\.create-lead\.v1$/), correlationId }),
    );
  });

  it.each([
    ['contact.name', { contact: { name: 7 } }],
    ['contact', { contact: undefined }],
    ['contact', { contact: [] }],
    ['source', { source: 'billboard' }],
    ['direction', { direction: 42 }],
    ['expectedAmount', { expectedAmount: 'a lot' }],
    ['currency', { currency: 'EURO' }],
    ['unknownField', { unknownField: 'x' }],
  ])('should answer 400 naming %s and store nothing', async (field, patch) => {
    const before = await storedLeads();
    const response = await request(gateway)
      .post('/api/v1/leads')
      .set('Authorization', `Bearer ${token}`)
      .send({ ...LEAD, ...patch })
      .expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await storedLeads()).toBe(before);
  });

  it.each([
    ['broken JSON', '{"contact": {', 'application/json', 400],
    ['a JSON array', '[1, 2]', 'application/json', 400],
    ['an empty body', '', 'application/json', 400],
  ])('should answer %s with a problem document and store nothing', async (_case, body, type, status) => {
    const before = await storedLeads();
    const response = await request(gateway)
      .post('/api/v1/leads')
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', type)
      .send(body)
      .expect(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await storedLeads()).toBe(before);
  });

  it('should answer 401 without a token and store nothing', async () => {
    const before = await storedLeads();
    await request(gateway).post('/api/v1/leads').send(LEAD).expect(401);
    expect(await storedLeads()).toBe(before);
  });

  it('should keep reports to the roles that may see them', async () => {
    const partnerId = await createPartner(gateway, token);
    await request(gateway)
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${token}`)
      .send({ email: 'pu@e2e.test', name: 'Partner', role: 'partner_user', partnerId, password: 'partner-password' })
      .expect(201);
    const partnerToken = await tokenFor(gateway, { email: 'pu@e2e.test', password: 'partner-password' });
    await request(gateway).get('/api/v1/reports/lead-sources').set('Authorization', `Bearer ${partnerToken}`).expect(403);
    const own = await request(gateway).post('/api/v1/leads').set('Authorization', `Bearer ${partnerToken}`).send(LEAD).expect(201);
    expect(own.body.partnerId).toBe(partnerId);
  });

  it('should answer 503 with a problem document, not hang, when the leads service is down', async () => {
    await platform.stop('leads');
    const started = Date.now();
    const response = await request(gateway).post('/api/v1/leads').set('Authorization', `Bearer ${token}`).send(LEAD).expect(503);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 503, title: 'Service unavailable' });
    const ready = await request(gateway).get('/health/ready').expect(200);
    expect(ready.body.status).toBe('ok'); // the gateway itself is fine: its database and NATS answer
  });
});
