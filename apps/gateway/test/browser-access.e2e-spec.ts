import { PlatformUnderTest } from '@saleswire/testing';
import request from 'supertest';
import { ADMIN, tokenFor } from './support';

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
