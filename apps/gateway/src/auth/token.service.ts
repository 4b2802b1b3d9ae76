import { Inject, Injectable } from '@nestjs/common';
import { createSecretKey, type KeyObject } from 'node:crypto';
import { ROLES, type Role } from '@saleswire/contracts';
import jwt from 'jsonwebtoken';
import { TOKEN_ISSUER, type AuthConfig } from '../config';
import type { Principal } from './principal';

export const AUTH_CONFIG = Symbol('AUTH_CONFIG');
const ISSUER = TOKEN_ISSUER;
const AUDIENCE = 'saleswire-api';
/** How many verified tokens are remembered; past it the oldest is forgotten (and verified again if it comes back). */
export const REMEMBERED_TOKENS = 10_000;

/** Issues and verifies the gateway's own access tokens (HS256 JWTs that expire). */
@Injectable()
export class TokenService {
  // A KeyObject made once: given a string, jsonwebtoken tries to parse it as a public key on every call,
  // which cost about 0.4 ms a request and was most of the gateway's CPU under load.
  private readonly key: KeyObject;
  /**
   * Tokens verified lately, by their text, with their expiry (seconds since the epoch, as `exp`). A token's text
   * fixes its signature and claims, so its verification holds until it expires: a client sends the same token on
   * every request, and decoding and checking it again cost 5% of the gateway's CPU in the read mix. Whether the
   * user is still active is not part of it (principal-check.ts asks that on every request).
   */
  private readonly verified = new Map<string, { principal: Principal; expiresAt: number }>();

  constructor(@Inject(AUTH_CONFIG) private readonly config: AuthConfig) {
    this.key = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
  }

  issue(principal: Principal): { accessToken: string; tokenType: 'Bearer'; expiresIn: number } {
    const accessToken = jwt.sign({ role: principal.role, partnerId: principal.partnerId }, this.key, {
      algorithm: 'HS256',
      subject: principal.id,
      issuer: ISSUER,
      audience: AUDIENCE,
      expiresIn: this.config.jwtTtlSeconds,
    });
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.jwtTtlSeconds };
  }

  /** The principal of a valid, unexpired token; null for anything else. */
  verify(token: string): Principal | null {
    const known = this.remembered(token);
    return known === undefined ? this.check(token) : known;
  }

  /**
   * What `verify` answered for this token, while it is unexpired: its principal, or null once it expired;
   * undefined when the token is not remembered (never verified here, forgotten, or not valid).
   */
  remembered(token: string): Principal | null | undefined {
    const known = this.verified.get(token);
    if (!known) return undefined;
    // jsonwebtoken's own rule: a token is expired from the second its `exp` names.
    if (Math.floor(Date.now() / 1000) < known.expiresAt) return known.principal;
    this.verified.delete(token);
    return null;
  }

  private check(token: string): Principal | null {
    try {
      const claims = jwt.verify(token, this.key, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
      }) as jwt.JwtPayload;
      const role = claims.role as Role;
      if (typeof claims.sub !== 'string' || !ROLES.includes(role)) return null;
      const principal: Principal = Object.freeze({ id: claims.sub, role, partnerId: typeof claims.partnerId === 'string' ? claims.partnerId : null });
      if (typeof claims.exp === 'number') this.remember(token, principal, claims.exp);
      return principal;
    } catch {
      return null;
    }
  }

  private remember(token: string, principal: Principal, expiresAt: number): void {
    if (this.verified.size >= REMEMBERED_TOKENS) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, { principal, expiresAt });
  }
}
