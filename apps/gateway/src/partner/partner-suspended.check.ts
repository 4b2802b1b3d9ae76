import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ForbiddenError, type ProblemError } from '@saleswire/messaging';
import type { AuthenticatedPrincipal } from '../auth/principal';
import { PrincipalChecks, type PrincipalCheck } from '../auth/principal-check';
import { PartnerStatusCache } from './partner-status.cache';

/**
 * The rule "a suspended partner's users and API keys are refused (403) until it is reactivated", as one of the
 * auth guard's PrincipalChecks. The statuses are in memory (PartnerStatusCache), so a check is a map read.
 */
@Injectable()
export class PartnerSuspendedCheck implements PrincipalCheck {
  constructor(private readonly statuses: PartnerStatusCache) {}

  check(principal: AuthenticatedPrincipal): ProblemError | null {
    if (!principal.partnerId || !this.statuses.isSuspended(principal.partnerId)) return null;
    return new ForbiddenError('Your partner is suspended: its users and API keys are refused until it is reactivated.');
  }
}

/**
 * Makes a status change count at once on this replica: PrincipalChecks keeps answers for AUTH_CHECK_TTL_MS, so the
 * partner's kept answers are dropped the moment the cache learns that its status changed.
 */
@Injectable()
export class PartnerStatusForgetting implements OnModuleInit {
  constructor(
    private readonly statuses: PartnerStatusCache,
    private readonly checks: PrincipalChecks,
  ) {}

  onModuleInit(): void {
    this.statuses.onChange((partnerId) => this.checks.forget(partnerId));
  }
}
