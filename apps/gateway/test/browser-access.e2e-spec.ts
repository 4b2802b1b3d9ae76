import { cleanupSuite, eventually, PlatformUnderTest } from '@saleswire/testing';
import request from 'supertest';
import { ADMIN, createPartner, tokenFor } from './support';

const PORTAL = 'https://portal.dealer.example';
const OTHER = 'https://evil.example';

/** The security headers every answer carries, whatever its status (issue 15). */
function expectSecurityHeaders(headers: Record<string, string | undefined>, label: string): void {
  expect({ label, nosniff: headers['x-content-type-options'] }).toEqual({ label, nosniff: 'nosniff' });
  expect({ label, frame: headers['x-frame-options'] }).toEqual({ label, frame: 'DENY' });
  expect({ label, csp: headers['content-security-policy'] }).toEqual({ label, csp: expect.stringContaining("frame-ancestors 'none'") });
  expect({ label, csp: headers['content-security-policy'] }).toEqual({ label, csp: expect.stringContaining("script-src 'self'") });
  expect({ label, referrer: headers['referrer-policy'] }).toEqual({ label, referrer: 'no-referrer' });
}

describe('gateway: ready for browsers — CORS and security headers (booted gateway, no service running)', () => {
  const platform = new PlatformUnderTest({
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    JWT_SECRET: 'e2e-secret-e2e-secret-e2e-secret-0123456789',
    RPC_TIMEOUT_MS: '500',
    CORS_ORIGINS: `${PORTAL}, http://localhost:5173`,
    TRUST_PROXY: 'true',
  });
  let gateway: string;
  let token: string;

  beforeAll(async () => {
    // Only the gateway: a preflight must be answered without any service.
    await platform.start('gateway');
    gateway = platform.url('gateway');
    token = await tokenFor(gateway, ADMIN);
  });

  afterAll(async () => {
    await platform.stopAll();
  });

  it('should answer a preflight from an allowed origin with what it may send, without credentials or services', async () => {
    const response = await request(gateway)
      .options('/api/v1/leads')
      .set('Origin', PORTAL)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization, content-type, idempotency-key');
    expect(response.status).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe(PORTAL);
    expect(response.headers['access-control-allow-methods']).toContain('POST');
    expect(response.headers['access-control-allow-headers']?.toLowerCase().split(/,\s*/)).toEqual(
      expect.arrayContaining(['authorization', 'x-api-key', 'content-type', 'idempotency-key', 'if-match', 'last-event-id']),
    );
    expect(response.headers['access-control-max-age']).toBe('600');
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
    expect(response.headers.vary).toContain('Origin');
    expectSecurityHeaders(response.headers, 'preflight');
  });

  it('should give another origin no CORS headers, on the preflight or the request', async () => {
    const preflight = await request(gateway).options('/api/v1/leads').set('Origin', OTHER).set('Access-Control-Request-Method', 'POST');
    expect(preflight.status).toBe(404);
    expect(Object.keys(preflight.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
    const answer = await request(gateway).get('/api/v1/leads').set('Origin', OTHER).set('Authorization', `Bearer ${token}`);
    expect(Object.keys(answer.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
  });

  it.each([
    ['a refused request (401)', () => request(gateway).get('/api/v1/leads'), 401],
    ['a request a service does not answer (503)', () => request(gateway).get('/api/v1/leads').set('Authorization', `Bearer ${token}`), 503],
    ['a successful one (200)', () => request(gateway).post('/api/v1/auth/token').send(ADMIN), 200],
  ])('should let an allowed origin read %s and its exposed headers', async (_label, send, status) => {
    const response = await send().set('Origin', PORTAL);
    expect(response.status).toBe(status);
    expect(response.headers['access-control-allow-origin']).toBe(PORTAL);
    const exposed = (response.headers['access-control-expose-headers'] ?? '').split(',').map((name: string) => name.trim());
    expect(exposed).toEqual(expect.arrayContaining(['ETag', 'Location', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'Retry-After', 'Idempotent-Replayed']));
  });

  it.each([
    ['GET /health/live', () => request(gateway).get('/health/live'), 200],
    ['GET /api/docs', () => request(gateway).get('/api/docs'), 200],
    ['GET /api/docs-json', () => request(gateway).get('/api/docs-json'), 200],
    ['POST /auth/token', () => request(gateway).post('/api/v1/auth/token').send(ADMIN), 200],
    ['no credentials', () => request(gateway).get('/api/v1/leads'), 401],
    ['a service away', () => request(gateway).get('/api/v1/leads').set('Authorization', `Bearer ${token}`), 503],
    ['bad input', () => request(gateway).post('/api/v1/auth/token').send({ email: 1 }), 400],
    ['an unknown route', () => request(gateway).get('/api/v1/nowhere'), 404],
    ['a URL that does not decode', () => request(gateway).get('/api/v1/leads/%FF'), 400],
    ['a preflight from another origin', () => request(gateway).options('/api/v1/leads').set('Origin', OTHER).set('Access-Control-Request-Method', 'GET'), 404],
  ])('should put the security headers on %s', async (label, send, status) => {
    const response = await send();
    expect(response.status).toBe(status);
    expectSecurityHeaders(response.headers, label);
    expect(response.headers['strict-transport-security']).toBeUndefined();
  });

  it('should send HSTS only over TLS, as the trusted proxy says it was', async () => {
    const response = await request(gateway).get('/health/live').set('X-Forwarded-Proto', 'https');
    expect(response.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });

  describe('without CORS_ORIGINS', () => {
    const closed = new PlatformUnderTest({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, JWT_SECRET: 'e2e-secret-e2e-secret-e2e-secret-0123456789' });

    beforeAll(async () => {
      await closed.start('gateway');
    });

    afterAll(async () => {
      await closed.stopAll();
    });

    it('should answer no browser of another origin, and keep the security headers', async () => {
      const preflight = await request(closed.url('gateway')).options('/api/v1/leads').set('Origin', PORTAL).set('Access-Control-Request-Method', 'POST');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      const answer = await request(closed.url('gateway')).get('/api/v1/leads').set('Origin', PORTAL);
      expect(answer.status).toBe(401);
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
      expectSecurityHeaders(answer.headers, 'closed gateway');
      expect(answer.headers['cross-origin-resource-policy']).toBe('same-origin');
    });
  });
});

describe('gateway: CORS for the origins an API key or a partner lists (booted gateway and partners)', () => {
  const KEY_A_SITE = 'https://erp.customer-a.example';
  const KEY_B_SITE = 'https://erp.customer-b.example:8443';
  const PARTNER_SITE = 'https://portal.alpha-partner.example';
  const PARTNER_STAGING = 'http://localhost:5174';
  const platform = new PlatformUnderTest({
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    JWT_SECRET: 'e2e-secret-e2e-secret-e2e-secret-0123456789',
    RPC_TIMEOUT_MS: '1500',
    CORS_ORIGINS: PORTAL,
  });
  let gateway: string;
  let token: string;
  const keys: Record<string, { id: string; key: string }> = {};
  let alpha: string;

  const corsHeaders = (headers: Record<string, string | undefined>): string[] => Object.keys(headers).filter((name) => name.startsWith('access-control-'));
  const preflight = (origin: string) =>
    request(gateway).options('/api/v1/partners').set('Origin', origin).set('Access-Control-Request-Method', 'GET').set('Access-Control-Request-Headers', 'x-api-key');
  const withKey = (name: string, origin: string, path = '/api/v1/partners') => request(gateway).get(path).set('X-Api-Key', keys[name].key).set('Origin', origin);

  async function createKey(name: string, body: Record<string, unknown>): Promise<void> {
    const created = await request(gateway).post('/api/v1/api-keys').set('Authorization', `Bearer ${token}`).send({ name, ...body }).expect(201);
    keys[name] = { id: created.body.id, key: created.body.key };
  }

  beforeAll(async () => {
    await platform.start('partners');
    await platform.start('gateway');
    gateway = platform.url('gateway');
    token = await tokenFor(gateway, ADMIN);
    await createKey('A', { role: 'head_of_sales', allowedOrigins: [KEY_A_SITE] });
    await createKey('B', { role: 'head_of_sales', allowedOrigins: [KEY_B_SITE, KEY_B_SITE] });
    alpha = await createPartner(gateway, token, { name: 'Alpha Portal GmbH', allowedOrigins: [PARTNER_SITE] });
    const beta = await createPartner(gateway, token, { name: 'Beta Without Portal' });
    await createKey('alpha', { role: 'partner_user', partnerId: alpha });
    await createKey('beta', { role: 'partner_user', partnerId: beta });
    // The gateway learns a partner's origins from partner.created, a few milliseconds after its commit.
    await eventually(
      async () => await preflight(PARTNER_SITE),
      (answer) => answer.status === 204,
    );
  });

  afterAll(async () => {
    await platform.stopAll();
    await cleanupSuite();
  });

  it('should keep a key’s origins, each once, and list them', async () => {
    const listed = await request(gateway).get('/api/v1/api-keys?limit=100').set('Authorization', `Bearer ${token}`).expect(200);
    const byId = new Map(listed.body.items.map((key: { id: string; allowedOrigins: string[] }) => [key.id, key.allowedOrigins]));
    expect([byId.get(keys.A.id), byId.get(keys.B.id), byId.get(keys.alpha.id)]).toEqual([[KEY_A_SITE], [KEY_B_SITE], []]);
  });

  it.each([
    ['https://erp.example/app', 'a path'],
    ['https://*.customer.example', 'a wildcard'],
    ['*', 'any origin'],
    ['https://ERP.example', 'upper case'],
    ['https://erp.example:443', 'the default port'],
    ['null', 'the opaque origin'],
  ])('should refuse a key listing %s (%s), naming allowedOrigins', async (origin) => {
    const response = await request(gateway)
      .post('/api/v1/api-keys')
      .set('Authorization', `Bearer ${token}`)
      .send({ name: 'bad origin', role: 'manager', allowedOrigins: [origin] })
      .expect(400);
    expect(JSON.stringify(response.body.errors)).toContain('allowedOrigins');
  });

  it('should answer a preflight for any origin a key or partner lists, and for the gateway’s own, but not for another', async () => {
    for (const origin of [KEY_A_SITE, KEY_B_SITE, PARTNER_SITE, PORTAL]) {
      const answer = await preflight(origin);
      expect({ origin, status: answer.status, allowed: answer.headers['access-control-allow-origin'] }).toEqual({ origin, status: 204, allowed: origin });
      expect(answer.headers['access-control-allow-headers']?.toLowerCase()).toContain('x-api-key');
      expectSecurityHeaders(answer.headers, `preflight from ${origin}`);
    }
    const unknown = await preflight(OTHER);
    expect(unknown.status).toBe(404);
    expect(corsHeaders(unknown.headers)).toEqual([]);
    expectSecurityHeaders(unknown.headers, 'preflight from an unknown origin');
  });

  it('should let key A’s browser read answers on A’s origin, but not key B’s on A’s origin', async () => {
    const a = await withKey('A', KEY_A_SITE).expect(200);
    expect(a.headers['access-control-allow-origin']).toBe(KEY_A_SITE);
    expect(a.headers['access-control-expose-headers']).toContain('RateLimit-Remaining');
    expect(a.headers.vary).toContain('Origin');
    expectSecurityHeaders(a.headers, 'key A on its origin');
    const b = await withKey('B', KEY_A_SITE).expect(200);
    expect(corsHeaders(b.headers)).toEqual([]);
    expectSecurityHeaders(b.headers, 'key B on A’s origin');
    const bOwn = await withKey('B', KEY_B_SITE).expect(200);
    expect(bOwn.headers['access-control-allow-origin']).toBe(KEY_B_SITE);
  });

  it('should give a key’s browser on an unknown origin no CORS headers, and on the gateway’s origin the usual ones', async () => {
    const unknown = await withKey('A', OTHER).expect(200);
    expect(corsHeaders(unknown.headers)).toEqual([]);
    expectSecurityHeaders(unknown.headers, 'key A on an unknown origin');
    const gatewayOrigin = await withKey('B', PORTAL).expect(200);
    expect(gatewayOrigin.headers['access-control-allow-origin']).toBe(PORTAL);
  });

  it('should let a key’s browser read a refusal on its own origin (403), and nobody’s read an invalid key (401)', async () => {
    // API keys are the admin's: a head of sales' key may not list them.
    const refused = await request(gateway).get('/api/v1/api-keys').set('X-Api-Key', keys.A.key).set('Origin', KEY_A_SITE);
    expect(refused.status).toBe(403);
    expect(refused.headers['access-control-allow-origin']).toBe(KEY_A_SITE);
    const invalid = await request(gateway).get('/api/v1/partners').set('X-Api-Key', `${keys.A.key.slice(0, -4)}AAAA`).set('Origin', KEY_A_SITE);
    expect(invalid.status).toBe(401);
    expect(corsHeaders(invalid.headers)).toEqual([]);
    expectSecurityHeaders(invalid.headers, 'an invalid key');
  });

  it('should let a partner’s keys and users read answers on the partner’s origins, as PATCH /partners/{id} changes them', async () => {
    const own = await withKey('alpha', PARTNER_SITE, `/api/v1/partners/${alpha}`).expect(200);
    expect(own.headers['access-control-allow-origin']).toBe(PARTNER_SITE);
    expect(own.body.allowedOrigins).toEqual([PARTNER_SITE]);
    const other = await withKey('beta', PARTNER_SITE, '/api/v1/partners').expect(200);
    expect(corsHeaders(other.headers)).toEqual([]);

    // The portal's staging site is added: the gateway hears partner.updated and answers for it.
    await request(gateway)
      .patch(`/api/v1/partners/${alpha}`)
      .set('Authorization', `Bearer ${token}`)
      .set('If-Match', own.headers.etag as string)
      .send({ allowedOrigins: [PARTNER_SITE, PARTNER_STAGING] })
      .expect(200);
    const staging = await eventually(
      async () => await withKey('alpha', PARTNER_STAGING, `/api/v1/partners/${alpha}`),
      (answer) => answer.headers['access-control-allow-origin'] === PARTNER_STAGING,
    );
    expectSecurityHeaders(staging.headers, 'partner key on its staging origin');
    expect((await preflight(PARTNER_STAGING)).status).toBe(204);

    const email = 'alpha-user@cors.e2e.test';
    await request(gateway)
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${token}`)
      .send({ email, name: 'Alpha user', role: 'partner_user', partnerId: alpha, password: 'password-e2e-cors' })
      .expect(201);
    const userToken = await tokenFor(gateway, { email, password: 'password-e2e-cors' });
    const byUser = await request(gateway).get(`/api/v1/partners/${alpha}`).set('Authorization', `Bearer ${userToken}`).set('Origin', PARTNER_STAGING).expect(200);
    expect(byUser.headers['access-control-allow-origin']).toBe(PARTNER_STAGING);
    const admin = await request(gateway).get(`/api/v1/partners/${alpha}`).set('Authorization', `Bearer ${token}`).set('Origin', PARTNER_STAGING).expect(200);
    expect(corsHeaders(admin.headers)).toEqual([]);
  });

  it('should stop answering preflights for an origin once the only key listing it is revoked', async () => {
    await request(gateway).delete(`/api/v1/api-keys/${keys.B.id}`).set('Authorization', `Bearer ${token}`).expect(204);
    const answer = await preflight(KEY_B_SITE);
    expect(answer.status).toBe(404);
    expect(corsHeaders(answer.headers)).toEqual([]);
  });
});
