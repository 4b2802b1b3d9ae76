import { ForbiddenError } from '@saleswire/messaging';
import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@saleswire/contracts';
import { PUBLIC_ROUTE } from '@saleswire/observability';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BrowserOrigins } from '../http/browser-origins';
import { RateLimits } from '../http/rate-limits';
import { Authenticator, UnauthenticatedError } from './authenticator';
import { PrincipalChecks } from './principal-check';
import { ROLES_KEY, type AuthenticatedPrincipal } from './principal';

/**
 * Every route needs credentials unless it is `@Public()` (Authenticator: a bearer token of the gateway or of the
 * OIDC provider, or an API key); `@Roles(...)` narrows who may call it. API requests are counted against their
 * rate limits first, so even a 401 or 403 carries the headers; then the PrincipalChecks (a deactivated user, a
 * suspended partner) may still refuse an authenticated caller with 403. A caller whose key or partner lists the
 * request's origin gets the CORS headers for it (BrowserOrigins).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
    private readonly rateLimits: RateLimits,
    private readonly checks: PrincipalChecks,
    private readonly origins: BrowserOrigins,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) ?? false;
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & { principal?: AuthenticatedPrincipal }>();
    const reply = http.getResponse<FastifyReply>();
    // A public route (the login) is counted per address, whatever credentials come with it.
    const authentication = isPublic ? { kind: 'anonymous' as const } : await this.authenticator.authenticate(request.headers);
    const principal = authentication.kind === 'authenticated' ? authentication.principal : null;
    // Before anything may refuse the caller: its browser reads a 429 or 403 as well as a 200 (CORS, issue 15).
    this.origins.allowCaller(request, reply, principal);
    if (request.url.startsWith('/api/')) await this.rateLimits.check(request, reply, principal);
    if (isPublic) return true;
    if (authentication.kind !== 'authenticated') {
      const problem = authentication.kind === 'rejected' ? authentication.problem : new UnauthenticatedError('A valid bearer token or API key is required.');
      if (problem instanceof UnauthenticatedError) void reply.header('WWW-Authenticate', 'Bearer realm="saleswire", ApiKey header="X-Api-Key"');
      throw problem;
    }
    const refusal = await this.checks.refusal(authentication.principal);
    if (refusal) throw refusal;
    request.principal = authentication.principal;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(authentication.principal.role)) {
      throw new ForbiddenError(`This needs one of the roles: ${roles.join(', ')}.`);
    }
    return true;
  }
}
