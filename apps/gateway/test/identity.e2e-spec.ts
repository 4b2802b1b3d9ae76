import { cleanupSuite } from '@saleswire/testing';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { ADMIN, e2ePlatform, tokenFor } from './support';

const PROBLEM = /^application\/problem\+json/;

describe('gateway: auth, users and problem documents (booted gateway, real PostgreSQL and NATS)', () => {
  const platform = e2ePlatform();
  let gateway: string;
  let adminToken: string;

  beforeAll(async () => {
    await platform.start('gateway');
    gateway = platform.url('gateway');
    adminToken = await tokenFor(gateway, ADMIN);
  });

  afterAll(async () => {
    await platform.stopAll();
    await cleanupSuite();
  });

  describe('POST /api/v1/auth/token', () => {
    it('should issue an expiring bearer token to the bootstrap admin', async () => {
      const response = await request(gateway).post('/api/v1/auth/token').send(ADMIN).expect(200);
      expect(response.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 3600 });
      const claims = jwt.decode(response.body.accessToken) as jwt.JwtPayload;
      expect(claims.role).toBe('admin');
      expect(claims.exp! - claims.iat!).toBe(3600);
    });

    it.each([
      ['a wrong password', { email: ADMIN.email, password: 'not-the-password' }],
      ['an unknown email', { email: 'nobody@e2e.test', password: ADMIN.password }],
    ])('should answer 401 with a problem document for %s', async (_case, body) => {
      const response = await request(gateway).post('/api/v1/auth/token').send(body).expect(401);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ status: 401, title: 'Unauthorized' });
    });

    it('should reject an expired token and a token signed with another key', async () => {
      const expired = jwt.sign({ role: 'admin' }, 'e2e-secret-e2e-secret-e2e-secret-0123456789', {
        subject: 'x',
        issuer: 'saleswire',
        audience: 'saleswire-api',
        expiresIn: -10,
      });
      const forged = jwt.sign({ role: 'admin' }, 'another-key-another-key-another-key-000', {
        subject: 'x',
        issuer: 'saleswire',
        audience: 'saleswire-api',
      });
      for (const token of [expired, forged]) {
        await request(gateway).get('/api/v1/users').set('Authorization', `Bearer ${token}`).expect(401);
      }
    });
  });

  describe('POST /api/v1/auth/refresh', () => {
    const refresh = (headers: Record<string, string>) => request(gateway).post('/api/v1/auth/refresh').set(headers);

    it('should answer a new, working token of the same user for a still-valid one, as POST /auth/token does', async () => {
      const created = await request(gateway)
        .post('/api/v1/users')
        .set('Authorization', `Bearer ${adminToken}`)
        .send({ email: 'refresh@e2e.test', name: 'Rita', role: 'manager', password: 'manager-password' })
        .expect(201);
      const token = await tokenFor(gateway, { email: 'refresh@e2e.test', password: 'manager-password' });
      const response = await refresh({ Authorization: `Bearer ${token}` }).expect(200);
      expect(response.body).toEqual({ accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: 3600 });
      const claims = jwt.decode(response.body.accessToken) as jwt.JwtPayload;
      expect(claims).toMatchObject({ sub: created.body.id, role: 'manager', partnerId: null });
      expect(claims.exp! - claims.iat!).toBe(3600);
      const me = await request(gateway).get('/api/v1/users/me').set('Authorization', `Bearer ${response.body.accessToken}`).expect(200);
      expect(me.body).toMatchObject({ id: created.body.id, email: 'refresh@e2e.test' });
    });

    it.each([
      ['an expired token', () => jwt.sign({ role: 'admin' }, 'e2e-secret-e2e-secret-e2e-secret-0123456789', { subject: 'x', issuer: 'saleswire', audience: 'saleswire-api', expiresIn: -10 })],
      ['a token signed with another key', () => jwt.sign({ role: 'admin' }, 'another-key-another-key-another-key-000', { subject: 'x', issuer: 'saleswire', audience: 'saleswire-api' })],
      ['garbage', () => 'not-a-token'],
    ])('should answer 401 with a problem document for %s', async (_case, token) => {
      const response = await refresh({ Authorization: `Bearer ${token()}` }).expect(401);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ status: 401, title: 'Unauthorized' });
    });

    it('should answer 401 without credentials', async () => {
      const response = await request(gateway).post('/api/v1/auth/refresh').expect(401);
      expect(response.body).toMatchObject({ status: 401 });
    });

    it('should refuse an API key with 403, which says that a key has nothing to refresh', async () => {
      const created = await request(gateway).post('/api/v1/api-keys').set('Authorization', `Bearer ${adminToken}`).send({ name: 'refresh probe', role: 'manager' }).expect(201);
      const response = await refresh({ 'X-Api-Key': created.body.key }).expect(403);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body.detail).toMatch(/API key does not expire/);
    });

    it("should refuse a deactivated user's token with 403", async () => {
      const created = await request(gateway)
        .post('/api/v1/users')
        .set('Authorization', `Bearer ${adminToken}`)
        .send({ email: 'gone@e2e.test', name: 'Gone', role: 'manager', password: 'manager-password' })
        .expect(201);
      const token = await tokenFor(gateway, { email: 'gone@e2e.test', password: 'manager-password' });
      await request(gateway).post(`/api/v1/users/${created.body.id}/deactivate`).set('Authorization', `Bearer ${adminToken}`).expect(200);
      const response = await refresh({ Authorization: `Bearer ${token}` }).expect(403);
      expect(response.headers['content-type']).toMatch(PROBLEM);
    });
  });

  describe('users', () => {
    it('should let an admin create a manager who can then log in, and never show the password', async () => {
      const created = await request(gateway)
        .post('/api/v1/users')
        .set('Authorization', `Bearer ${adminToken}`)
        .send({ email: 'Maria@E2E.test', name: 'Maria', role: 'manager', password: 'manager-password' })
        .expect(201);
      expect(created.body).toMatchObject({ email: 'maria@e2e.test', role: 'manager', partnerId: null, version: 1 });
      expect(JSON.stringify(created.body)).not.toMatch(/password/i);
      const token = await tokenFor(gateway, { email: 'maria@e2e.test', password: 'manager-password' });
      // A manager reads the directory (names of colleagues), not the admin's record of each user, and makes none.
      const directory = await request(gateway).get('/api/v1/users').set('Authorization', `Bearer ${token}`).expect(200);
      const maria = directory.body.items.find((user: { email: string }) => user.email === 'maria@e2e.test');
      expect(maria).toMatchObject({ name: 'Maria', role: 'manager', active: true });
      expect(maria).not.toHaveProperty('version');
      const forbidden = await request(gateway)
        .post('/api/v1/users')
        .set('Authorization', `Bearer ${token}`)
        .send({ email: 'other@e2e.test', name: 'Other', role: 'manager', password: 'manager-password' })
        .expect(403);
      expect(forbidden.headers['content-type']).toMatch(PROBLEM);
    });

    it('should answer 409 for an email already in use, whatever its case', async () => {
      const body = { email: 'dup@e2e.test', name: 'A', role: 'manager', password: 'manager-password' };
      await request(gateway).post('/api/v1/users').set('Authorization', `Bearer ${adminToken}`).send(body).expect(201);
      const again = await request(gateway)
        .post('/api/v1/users')
        .set('Authorization', `Bearer ${adminToken}`)
        .send({ ...body, email: 'DUP@e2e.test' })
        .expect(409);
      expect(again.body.errors).toEqual([{ field: 'email', message: 'is already in use' }]);
    });

    it.each([
      ['email', { email: 'not-an-email' }],
      ['role', { role: 'emperor' }],
      ['password', { password: 'short' }],
      ['name', { name: '' }],
      ['partnerId', { role: 'partner_user' }],
      ['partnerId', { role: 'manager', partnerId: '01936f0e-8a4b-7c3d-9e2f-00000000bb01' }],
      ['isAdmin', { isAdmin: true }],
    ])('should answer 400 naming %s when it is invalid', async (field, patch) => {
      const body = { email: `u${Math.random()}@e2e.test`, name: 'U', role: 'manager', password: 'long-enough-password', ...patch };
      const response = await request(gateway).post('/api/v1/users').set('Authorization', `Bearer ${adminToken}`).send(body).expect(400);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('should list users by role, page by page', async () => {
      for (const name of ['p1', 'p2', 'p3']) {
        await request(gateway)
          .post('/api/v1/users')
          .set('Authorization', `Bearer ${adminToken}`)
          .send({ email: `${name}@e2e.test`, name, role: 'channel_manager', password: 'long-enough-password' })
          .expect(201);
      }
      const first = await request(gateway)
        .get('/api/v1/users?role=channel_manager&limit=2')
        .set('Authorization', `Bearer ${adminToken}`)
        .expect(200);
      expect(first.body.items.map((u: { name: string }) => u.name)).toEqual(['p1', 'p2']);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await request(gateway)
        .get(`/api/v1/users?role=channel_manager&limit=2&cursor=${first.body.nextCursor}`)
        .set('Authorization', `Bearer ${adminToken}`)
        .expect(200);
      expect(second.body).toEqual({ items: [expect.objectContaining({ name: 'p3' })], nextCursor: null });
    });

    it.each([['limit=0'], ['limit=501'], ['limit=ten'], ['role=emperor'], ['cursor=%24%24']])(
      'should answer 400 for the query %s',
      async (query) => {
        await request(gateway).get(`/api/v1/users?${query}`).set('Authorization', `Bearer ${adminToken}`).expect(400);
      },
    );
  });

  describe('problem documents for every failure', () => {
    it('should answer broken JSON with 400', async () => {
      const response = await request(gateway)
        .post('/api/v1/auth/token')
        .set('Content-Type', 'application/json')
        .send('{"email": ')
        .expect(400);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ status: 400, title: 'Bad Request' });
    });

    it('should answer an oversize body with 413', async () => {
      const response = await request(gateway)
        .post('/api/v1/auth/token')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(1_100_000) }))
        .expect(413);
      expect(response.headers['content-type']).toMatch(PROBLEM);
    });

    it('should answer an unsupported content type with 415', async () => {
      const response = await request(gateway)
        .post('/api/v1/auth/token')
        .set('Content-Type', 'application/x-yaml')
        .send('email: a')
        .expect(415);
      expect(response.headers['content-type']).toMatch(PROBLEM);
    });

    it('should answer an unknown route with 404', async () => {
      const response = await request(gateway).get('/api/v1/no-such-thing').expect(404);
      expect(response.headers['content-type']).toMatch(PROBLEM);
    });

    it('should answer a missing token with 401', async () => {
      const response = await request(gateway).get('/api/v1/users').expect(401);
      expect(response.body).toMatchObject({ status: 401, detail: 'A valid bearer token or API key is required.' });
    });
  });

  describe('operations', () => {
    it('should serve health, metrics and the OpenAPI document without credentials', async () => {
      await request(gateway).get('/health/live').expect(200, { status: 'ok' });
      const ready = await request(gateway).get('/health/ready').expect(200);
      expect(ready.body.checks).toEqual({ database: { status: 'ok' }, nats: { status: 'ok' } });
      const metrics = await request(gateway).get('/metrics').expect(200);
      expect(metrics.text).toMatch(/saleswire_http_request_duration_seconds_bucket\{.*service="gateway"/);
      const docs = await request(gateway).get('/api/docs-json').expect(200);
      expect(Object.keys(docs.body.paths)).toEqual(
        expect.arrayContaining(['/api/v1/auth/token', '/api/v1/users', '/api/v1/leads', '/api/v1/reports/lead-sources']),
      );
      expect(docs.body.components.schemas.CreateLeadInputV1.required).toEqual(['contact', 'source', 'direction']);
      expect(docs.body.components.schemas.EventEnvelopeSchema).toBeUndefined();
    });

    it('should shut down gracefully on SIGTERM', async () => {
      const ended = await platform.stop('gateway');
      expect(ended.killed).toBe(false);
      expect(ended.code === 0 || ended.signal === 'SIGTERM').toBe(true);
      expect(platform.logs('gateway').some((line) => line.level === 'error' || line.level === 'fatal')).toBe(false);
    });
  });
});
