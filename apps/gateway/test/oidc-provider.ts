import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';

export const OIDC_ISSUER = 'https://id.e2e.test';
export const OIDC_AUDIENCE = 'saleswire-e2e';

interface SigningKey {
  kid: string;
  algorithm: 'RS256' | 'ES256';
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** A key made with node:crypto: RSA 2048 for RS256, P-256 for ES256. */
export function signingKey(kid: string, algorithm: 'RS256' | 'ES256'): SigningKey {
  const pair = algorithm === 'RS256' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { kid, algorithm, ...pair };
}

/**
 * An OpenID Connect provider as far as the gateway sees one: a JWKS endpoint on localhost serving the keys the
 * test publishes (counting its fetches), and tokens signed with them.
 */
export class TestOidcProvider {
  published: SigningKey[] = [];
  fetches = 0;
  private server?: Server;

  get jwksUrl(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/jwks`;
  }

  /** The gateway's OIDC_* settings for this provider. */
  env(): NodeJS.ProcessEnv {
    return { OIDC_ISSUER, OIDC_AUDIENCE, OIDC_JWKS_URL: this.jwksUrl, OIDC_JWKS_COOLDOWN_MS: '200' };
  }

  async start(keys: SigningKey[]): Promise<void> {
    this.published = keys;
    this.server = createServer((_request, response) => {
      this.fetches++;
      const body = { keys: this.published.map((key) => ({ ...key.publicKey.export({ format: 'jwk' }), kid: key.kid, use: 'sig', alg: key.algorithm })) };
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'public, max-age=3600' }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /**
   * A token for `subject`, with `claims` (the role and partner claims among them) and any signing option; an
   * option given as undefined is left out (`{ expiresIn: undefined }` for a token whose claims carry `exp`).
   */
  token(key: SigningKey, subject: string, claims: object, options: jwt.SignOptions = {}): string {
    const signOptions: jwt.SignOptions = { algorithm: key.algorithm, keyid: key.kid, issuer: OIDC_ISSUER, audience: OIDC_AUDIENCE, subject, expiresIn: 600, ...options };
    for (const name of Object.keys(signOptions) as Array<keyof jwt.SignOptions>) if (signOptions[name] === undefined) delete signOptions[name];
    return jwt.sign(claims, key.privateKey, signOptions);
  }
}
