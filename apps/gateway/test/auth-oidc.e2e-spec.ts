import { cleanupSuite } from '@saleswire/testing';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { externalUserId } from '../src/auth/oidc/oidc-claims';
import { OIDC_ISSUER, signingKey, TestOidcProvider } from './oidc-provider';
import { ADMIN, e2ePlatform, tokenFor } from './support';

const PROBLEM = /^application\/problem\+json/;
const PARTNER = '01936f0e-8a4b-7c3d-9e2f-00000000bb31';

describe('gateway: tokens of an external OpenID Connect provider (booted gateway, JWKS on localhost)', () => {
  const provider = new TestOidcProvider();
  const rsa = signingKey('rsa-1', 'RS256');
  const ec = signingKey('ec-1', 'ES256');
  let platform: ReturnType<typeof e2ePlatform>;
  let gateway: string;

  const get = (path: string, token: string) => request(gateway).get(`/api/v1${path}`).set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    await provider.start([rsa, ec]);
    platform = e2ePlatform();
    await platform.start('gateway', provider.env());
    gateway = platform.url('gateway');
  });

  afterAll(async () => {
    await platform.stopAll();
    await provider.stop();
    await cleanupSuite();
  });

  it('should accept an RS256 and an ES256 token of the provider, acting with the role of its claim', async () => {
    const admin = provider.token(rsa, 'alice', { saleswire_role: 'admin' });
    await get('/api-keys', admin).expect(200);
    const manager = provider.token(ec, 'bob', { saleswire_role: 'manager' });
    const refused = await get('/api-keys', manager).expect(403);
    expect(refused.headers['content-type']).toMatch(PROBLEM);
  });

  it('should refuse to refresh a token of the provider with 403, which says where it is refreshed', async () => {
    const answer = await request(gateway).post('/api/v1/auth/refresh').set('Authorization', `Bearer ${provider.token(rsa, 'alice', { saleswire_role: 'admin' })}`).expect(403);
    expect(answer.body).toMatchObject({ status: 403, detail: expect.stringMatching(/refreshed at that provider/) });
  });

  it('should act as a stable Saleswire id made from the issuer and the subject', async () => {
    const admin = provider.token(rsa, 'alice', { saleswire_role: 'admin' });
    const created = await request(gateway)
      .post('/api/v1/api-keys')
      .set('Authorization', `Bearer ${admin}`)
      .send({ name: 'made by an external admin', role: 'manager' })
      .expect(201);
    expect(created.body.createdBy).toBe(externalUserId(OIDC_ISSUER, 'alice'));
  });

  it.each([
    ['another audience', () => provider.token(rsa, 'alice', { saleswire_role: 'admin' }, { audience: 'someone-else' })],
    ['an expiry passed beyond the clock skew', () => provider.token(rsa, 'alice', { saleswire_role: 'admin', exp: Math.floor(Date.now() / 1000) - 120 }, { expiresIn: undefined })],
    ['a time before which it is not valid', () => provider.token(rsa, 'alice', { saleswire_role: 'admin' }, { notBefore: 600 })],
    ['another issuer', () => provider.token(rsa, 'alice', { saleswire_role: 'admin' }, { issuer: 'https://evil.example' })],
    ['a key the provider never published', () => provider.token(signingKey('rsa-1', 'RS256'), 'alice', { saleswire_role: 'admin' })],
  ])('should answer 401 for a token with %s', async (_case, token) => {
    const answer = await get('/api-keys', token()).expect(401);
    expect(answer.headers['content-type']).toMatch(PROBLEM);
    expect(answer.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(answer.body).toMatchObject({ status: 401, title: 'Unauthorized' });
  });

  it.each([
    ['no Saleswire role', { groups: ['staff'] }],
    ['two Saleswire roles', { saleswire_role: ['admin', 'manager'] }],
    ['a partner user without its partner', { saleswire_role: 'partner_user' }],
  ])('should answer 403 for a valid token that grants %s', async (_case, claims) => {
    const answer = await get('/api-keys', provider.token(rsa, 'carol', claims)).expect(403);
    expect(answer.body.detail).toMatch(/saleswire_role|saleswire_partner_id/);
  });

  it('should let a partner user of the provider act for its partner', async () => {
    const partnerUser = provider.token(ec, 'dave', { saleswire_role: 'partner_user', saleswire_partner_id: PARTNER });
    // Refused by role, which shows the token was accepted and mapped (an invalid one is 401).
    await get('/api-keys', partnerUser).expect(403);
  });

  it('should take the provider\'s new keys after a rotation, refuse the old ones, and fetch no more than needed', async () => {
    const rotated = signingKey('rsa-2', 'RS256');
    provider.published = [rotated, ec];
    await new Promise((resolve) => setTimeout(resolve, 250)); // the cooldown since the last fetch (OIDC_JWKS_COOLDOWN_MS)
    const before = provider.fetches;
    await get('/api-keys', provider.token(rotated, 'alice', { saleswire_role: 'admin' })).expect(200);
    expect(provider.fetches).toBe(before + 1);
    // The key rotated out is gone with the set it was in.
    await get('/api-keys', provider.token(rsa, 'alice', { saleswire_role: 'admin' })).expect(401);
    // Tokens naming made-up kids cannot make the gateway fetch the set again and again.
    const made = Array.from({ length: 30 }, (_, i) => provider.token(signingKey(`made-up-${i}`, 'ES256'), 'mallory', { saleswire_role: 'admin' }));
    const fetchesBefore = provider.fetches;
    const started = Date.now();
    for (const token of made) await get('/api-keys', token).expect(401);
    // At most one fetch per cooldown (200 ms here), however many tokens name unknown kids.
    expect(provider.fetches - fetchesBefore).toBeLessThanOrEqual(1 + Math.floor((Date.now() - started) / 200));
    expect(provider.fetches - fetchesBefore).toBeLessThan(made.length / 3);
  });

  it('should go on accepting the gateway\'s own tokens beside the provider\'s', async () => {
    const own = await tokenFor(gateway, ADMIN);
    await get('/api-keys', own).expect(200);
    // An own token re-signed as RS256 with the provider's key is still not the provider's (its issuer is saleswire).
    const claims = jwt.decode(own) as jwt.JwtPayload;
    const forged = jwt.sign({ ...claims }, ec.privateKey, { algorithm: 'ES256', keyid: ec.kid });
    await get('/api-keys', forged).expect(401);
  });
});
