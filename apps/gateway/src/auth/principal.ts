import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { ActorV1, Role } from '@saleswire/contracts';

/** Who is calling: taken from a verified token. */
export interface Principal {
  id: string;
  role: Role;
  partnerId: string | null;
}

/**
 * How a caller proved who it is: the gateway's own token (from `POST /auth/token`), an API key, or a token of
 * the external OpenID Connect provider.
 */
export type CredentialKind = 'gateway_token' | 'api_key' | 'oidc';

/** The principal as the auth guard puts it on the request: who, and by what credential. */
export interface AuthenticatedPrincipal extends Principal {
  via: CredentialKind;
  /** An API key's own rate (requests a second), when it was given one. */
  rateLimit?: number | null;
  /** Who made the API key: its maker's deactivation stops the key (auth/user-status.check.ts). */
  createdBy?: string;
  /** An API key's own allowed origins (CORS): its browser callers may read the answers. */
  allowedOrigins?: readonly string[];
}

export const ROLES_KEY = 'saleswire:roles';

/** The roles allowed to call a route; without it, every authenticated caller may. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

/** Injects the authenticated caller. */
export const CurrentUser = createParamDecorator(
  (_: unknown, context: ExecutionContext): Principal => context.switchToHttp().getRequest<{ principal: Principal }>().principal,
);

/** The principal as the services know it, in requests and events. */
export function toActor(principal: Principal): ActorV1 {
  return { id: principal.id, role: principal.role, partnerId: principal.partnerId };
}
