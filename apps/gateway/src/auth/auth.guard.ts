import { ForbiddenException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@saleswire/contracts';
import { PUBLIC_ROUTE } from '@saleswire/observability';
import type { FastifyRequest } from 'fastify';
import { ROLES_KEY, type Principal } from './principal';
import { TokenService } from './token.service';

/** Every route needs a valid bearer token unless it is `@Public()`; `@Roles(...)` narrows who may call it. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest<FastifyRequest & { principal?: Principal }>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    const principal = scheme?.toLowerCase() === 'bearer' && token ? this.tokens.verify(token) : null;
    if (!principal) throw new UnauthorizedException('A valid bearer token is required.');
    request.principal = principal;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(principal.role)) {
      throw new ForbiddenException(`This needs one of the roles: ${roles.join(', ')}.`);
    }
    return true;
  }
}
