import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ForbiddenError } from '@saleswire/messaging';
import type { Principal } from '../auth/principal';
import { PartnerStatusCache } from './partner-status.cache';

/**
 * Refuses (403) every request of a suspended partner's users and keys, whatever the route, until the partner is
 * reactivated. Runs after the AuthGuard (app.module registers it second), which has put the principal on the request.
 */
@Injectable()
export class PartnerStatusGuard implements CanActivate {
  constructor(private readonly statuses: PartnerStatusCache) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const partnerId = context.switchToHttp().getRequest<{ principal?: Principal }>().principal?.partnerId;
    if (partnerId && this.statuses.isSuspended(partnerId)) {
      throw new ForbiddenError('Your partner is suspended: its users and API keys are refused until it is reactivated.');
    }
    return true;
  }
}
