import { ForbiddenError } from '@saleswire/messaging';
import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@saleswire/contracts';
import { PUBLIC_ROUTE } from '@saleswire/observability';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RateLimits } from '../http/rate-limits';

import { ROLES_KEY, type Principal } from './principal';
import { TokenService } from './token.service';

/**
 * Every route needs a valid bearer token unless it is `@Public()`; `@Roles(...)` narrows who may call it.
 * API requests are counted against their rate limits first, so even a 401 or 403 carries the headers.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly rateLimits: RateLimits,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) ?? false;
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & { principal?: Principal }>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    const verified = !isPublic && scheme?.toLowerCase() === 'bearer' && token ? this.tokens.verify(token) : null;
    const principal = verified ? { ...verified, via: 'gateway_token' as const } : null;
    if (request.url.startsWith('/api/')) await this.rateLimits.check(request, http.getResponse<FastifyReply>(), principal);
    if (isPublic) return true;
    if (!principal) throw new UnauthorizedException('A valid bearer token is required.');
    request.principal = principal;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(principal.role)) {
      throw new ForbiddenError(`This needs one of the roles: ${roles.join(', ')}.`);
    }
    return true;
  }
}
