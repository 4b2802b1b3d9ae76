import { Injectable } from '@nestjs/common';
import { ProblemError } from '@saleswire/messaging';
import jwt from 'jsonwebtoken';
import { ApiKeyLookup } from '../api-key/api-key.lookup';
import { TOKEN_ISSUER } from '../config';
import { OidcVerifier } from './oidc/oidc-verifier';
import type { AuthenticatedPrincipal } from './principal';
import { TokenService } from './token.service';

export const API_KEY_HEADER = 'x-api-key';

/** 401 with the reason; the guard adds `WWW-Authenticate`. */
export class UnauthenticatedError extends ProblemError {
  constructor(detail: string) {
    super(401, 'Unauthorized', detail);
  }
}

/** What a request's credentials come to. */
export type Authentication =
  | { kind: 'authenticated'; principal: AuthenticatedPrincipal }
  /** No credentials at all. */
  | { kind: 'anonymous' }
  /** Credentials that prove nothing (401), or a valid identity that the gateway refuses (403, 503). */
  | { kind: 'rejected'; problem: ProblemError };

const INVALID_TOKEN = 'The bearer token is not valid: expired, wrongly signed, for another audience, or of an unknown issuer.';
const INVALID_KEY = 'The API key is not valid, or it was revoked.';

/**
 * Who a request comes from: `Authorization: Bearer` with one of the gateway's own tokens or, when OIDC_* is set,
 * the external provider's (told apart by `iss` before either is verified, each with its own algorithms and
 * keys), or `X-Api-Key`. One credential per request: both at once is refused rather than one silently ignored.
 */
@Injectable()
export class Authenticator {
  constructor(
    private readonly tokens: TokenService,
    private readonly oidc: OidcVerifier,
    private readonly apiKeys: ApiKeyLookup,
  ) {}

  async authenticate(headers: Record<string, string | string[] | undefined>): Promise<Authentication> {
    const authorization = headers.authorization;
    const apiKey = headers[API_KEY_HEADER];
    if (authorization === undefined && apiKey === undefined) return { kind: 'anonymous' };
    if (authorization !== undefined && apiKey !== undefined) {
      return rejected('Send one credential: either Authorization or X-Api-Key, not both.');
    }
    if (apiKey !== undefined) {
      if (typeof apiKey !== 'string') return rejected('Send one X-Api-Key header.');
      const grant = await this.apiKeys.find(apiKey.trim());
      return grant ? { kind: 'authenticated', principal: { ...grant, via: 'api_key' } } : rejected(INVALID_KEY);
    }
    const [scheme, token, ...rest] = String(authorization).trim().split(/\s+/);
    if (scheme?.toLowerCase() !== 'bearer' || !token || rest.length > 0) return rejected('Authorization must be "Bearer <token>".');
    return this.bearer(token);
  }

  private async bearer(token: string): Promise<Authentication> {
    // One of the gateway's own tokens verified lately is neither decoded nor checked again until it expires.
    const remembered = this.tokens.remembered(token);
    if (remembered !== undefined) return remembered ? { kind: 'authenticated', principal: { ...remembered, via: 'gateway_token' } } : rejected(INVALID_TOKEN);
    const decoded = jwt.decode(token, { complete: true });
    if (!decoded || typeof decoded.payload === 'string') return rejected(INVALID_TOKEN);
    const issuer = decoded.payload.iss;
    if (issuer === TOKEN_ISSUER) {
      const principal = this.tokens.verify(token);
      return principal ? { kind: 'authenticated', principal: { ...principal, via: 'gateway_token' } } : rejected(INVALID_TOKEN);
    }
    if (!this.oidc.isIssuer(issuer)) return rejected(INVALID_TOKEN);
    const outcome = await this.oidc.verify(token, decoded.header);
    if (!outcome) return rejected(INVALID_TOKEN);
    return 'refusal' in outcome ? { kind: 'rejected', problem: outcome.refusal } : { kind: 'authenticated', principal: outcome.principal };
  }
}

function rejected(detail: string): Authentication {
  return { kind: 'rejected', problem: new UnauthenticatedError(detail) };
}
