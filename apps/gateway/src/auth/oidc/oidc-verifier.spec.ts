import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import type { AuthConfig } from '../../config';
import { externalUserId } from './oidc-claims';
import { OidcVerifier } from './oidc-verifier';

const ISSUER = 'https://id.example';
const AUDIENCE = 'saleswire';
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });

function jwk(key: KeyObject, kid: string): Record<string, unknown> {
  return { ...key.export({ format: 'jwk' }), kid };
}

describe('OidcVerifier', () => {
  let server: Server;
  let keys: Array<Record<string, unknown>> = [];
  let verifier: OidcVerifier;

  type SignOptions = jwt.SignOptions & { key?: KeyObject; without?: Array<'expiresIn' | 'subject'> };
  const sign = (claims: object, options: SignOptions = {}): string => {
    const { key = rsa.privateKey, without = [], ...rest } = options;
    const signOptions: jwt.SignOptions = { algorithm: 'RS256', keyid: 'r1', issuer: ISSUER, audience: AUDIENCE, subject: 'user-1', expiresIn: 300, ...rest };
    for (const name of without) delete signOptions[name];
    return jwt.sign({ saleswire_role: 'manager', ...claims }, key, signOptions);
  };
  const verify = (token: string) => verifier.verify(token, jwt.decode(token, { complete: true })!.header);

  beforeAll(async () => {
    server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    keys = [jwk(rsa.publicKey, 'r1'), jwk(ec.publicKey, 'e1')];
    const oidc = {
      issuer: ISSUER,
      audience: [AUDIENCE, 'other-audience'],
      jwksUrl: `http://127.0.0.1:${port}/jwks`,
      roleClaim: 'saleswire_role',
      partnerClaim: 'saleswire_partner_id',
      clockSkewSeconds: 30,
      jwksCooldownMs: 10,
    };
    verifier = new OidcVerifier({ oidc } as AuthConfig);
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('should accept RS256 and ES256 tokens, the subject becoming a Saleswire id', async () => {
    expect(await verify(sign({}))).toEqual({ principal: { id: externalUserId(ISSUER, 'user-1'), role: 'manager', partnerId: null, via: 'oidc' } });
    const es = sign({ saleswire_role: 'admin' }, { key: ec.privateKey, algorithm: 'ES256', keyid: 'e1' });
    expect(await verify(es)).toMatchObject({ principal: { role: 'admin' } });
    expect(await verify(sign({}, { audience: 'other-audience' }))).toMatchObject({ principal: { role: 'manager' } });
  });

  it('should allow a clock skew within OIDC_CLOCK_SKEW_SECONDS, and not beyond', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(await verify(sign({ exp: now - 20 }, { without: ['expiresIn'] }))).not.toBeNull();
    expect(await verify(sign({ nbf: now + 20 }))).not.toBeNull();
    expect(await verify(sign({ exp: now - 40 }, { without: ['expiresIn'] }))).toBeNull();
    expect(await verify(sign({ nbf: now + 40 }))).toBeNull();
  });

  it.each([
    ['another audience', () => sign({}, { audience: 'someone-else' })],
    ['another issuer', () => sign({}, { issuer: 'https://evil.example' })],
    ['no expiry', () => sign({}, { without: ['expiresIn'] })],
    ['no subject', () => sign({}, { without: ['subject'] })],
    ['a signature of another key', () => sign({}, { key: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey })],
    ['an EC key claimed as RSA', () => sign({}, { key: ec.privateKey, algorithm: 'ES256', keyid: 'r1' })],
    ['an unknown kid', () => sign({}, { keyid: 'nobody' })],
  ])('should refuse a token with %s', async (_case, token) => {
    expect(await verify(token())).toBeNull();
  });

  it('should refuse an HS256 token made with the RSA public key as its secret', async () => {
    const pem = rsa.publicKey.export({ format: 'pem', type: 'spki' });
    const forged = jwt.sign({ saleswire_role: 'admin' }, pem, { algorithm: 'HS256', keyid: 'r1', issuer: ISSUER, audience: AUDIENCE, subject: 'x', expiresIn: 60 });
    expect(await verify(forged)).toBeNull();
  });

  it('should refuse with 403 a valid token that grants no Saleswire role', async () => {
    const outcome = await verify(sign({ saleswire_role: 'viewer' }));
    expect(outcome && 'refusal' in outcome ? outcome.refusal.status : null).toBe(403);
  });

  it('should take a rotated key after fetching the set again', async () => {
    const next = generateKeyPairSync('rsa', { modulusLength: 2048 });
    keys = [jwk(next.publicKey, 'r2')];
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await verify(sign({}, { key: next.privateKey, keyid: 'r2' }))).toMatchObject({ principal: { role: 'manager' } });
    expect(await verify(sign({}))).toBeNull();
  });
});
