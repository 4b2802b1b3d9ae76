import { Inject, Injectable, Logger } from '@nestjs/common';
import { ForbiddenError, ServiceUnavailableError, type ProblemError } from '@saleswire/messaging';
import jwt from 'jsonwebtoken';
import type { AuthConfig, OidcConfig } from '../../config';
import type { AuthenticatedPrincipal } from '../principal';
import { AUTH_CONFIG } from '../token.service';
import { externalUserId, mapClaims } from './oidc-claims';
import { JwksCache } from './jwks-cache';

export type OidcOutcome = { principal: AuthenticatedPrincipal } | { refusal: ProblemError } | null;

/**
 * Verifies access tokens of the external OpenID Connect provider (OIDC_ISSUER): the signature with the key of
 * its key set that the token's `kid` names (RS256 or ES256, the algorithm the key is for, never the one the
 * token claims alone), `iss`, `aud`, `exp` (required) and `nbf` within OIDC_CLOCK_SKEW_SECONDS. The subject
 * becomes a Saleswire id (`externalUserId`), the role and partner come from the configured claims.
 */
@Injectable()
export class OidcVerifier {
  private readonly logger = new Logger(OidcVerifier.name);
  private readonly config: OidcConfig | null;
  private readonly jwks: JwksCache | null;

  constructor(@Inject(AUTH_CONFIG) auth: AuthConfig) {
    this.config = auth.oidc;
    this.jwks = auth.oidc
      ? new JwksCache({
          url: auth.oidc.jwksUrl,
          cooldownMs: auth.oidc.jwksCooldownMs,
          onFailure: (error) => this.logger.warn({ msg: 'could not fetch the OIDC key set; keeping the keys known before', error: error.message }),
        })
      : null;
  }

  /** Whether `iss` names the configured provider. */
  isIssuer(issuer: unknown): boolean {
    return this.config !== null && issuer === this.config.issuer;
  }

  /** The principal of a valid token; a refusal for a valid token that grants no role; null for an invalid one. */
  async verify(token: string, header: jwt.JwtHeader): Promise<OidcOutcome> {
    if (!this.config || !this.jwks || (header.alg !== 'RS256' && header.alg !== 'ES256')) return null;
    const key = await this.jwks.keyFor(header.kid);
    if (!key) {
      // No key set ever loaded is the provider's outage, not a bad token: the client should retry, not log in again.
      if (!this.jwks.isLoaded()) return { refusal: new ServiceUnavailableError('The identity provider\'s keys cannot be fetched; retry shortly.') };
      return null;
    }
    if (key.algorithm !== header.alg) return null;
    let claims: jwt.JwtPayload;
    try {
      const verified = jwt.verify(token, key.key, {
        algorithms: [key.algorithm],
        issuer: this.config.issuer,
        audience: this.config.audience.length === 1 ? this.config.audience[0] : (this.config.audience as [string, ...string[]]),
        clockTolerance: this.config.clockSkewSeconds,
      });
      if (typeof verified === 'string') return null;
      claims = verified;
    } catch {
      return null;
    }
    // jsonwebtoken accepts a token without `exp`; an access token that never expires is not one to accept.
    if (typeof claims.exp !== 'number' || typeof claims.sub !== 'string' || claims.sub === '') return null;
    const mapped = mapClaims(claims, this.config);
    if (!mapped.ok) return { refusal: new ForbiddenError(mapped.reason) };
    return {
      principal: { id: externalUserId(this.config.issuer, claims.sub), role: mapped.role, partnerId: mapped.partnerId, via: 'oidc' },
    };
  }
}
