import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { ActorV1, Role } from '@saleswire/contracts';

/** Who is calling: taken from a verified token. */
export interface Principal {
  id: string;
  role: Role;
  partnerId: string | null;
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
