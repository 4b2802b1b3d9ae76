import type { AuthConfig } from '../config';
import type { AuthenticatedPrincipal } from '../auth/principal';
import { PrincipalChecks } from '../auth/principal-check';
import type { PartnerStatusCache } from './partner-status.cache';
import { PartnerStatusForgetting, PartnerSuspendedCheck } from './partner-suspended.check';

const P1 = '01936f0e-8a4b-7c3d-9e2f-0000000000a1';

describe('PartnerSuspendedCheck', () => {
  const suspended = new Set<string>();
  let listener: ((partnerId: string) => void) | undefined;
  const statuses = {
    isSuspended: (id: string) => suspended.has(id),
    onChange: (fn: (partnerId: string) => void) => (listener = fn),
  } as unknown as PartnerStatusCache;
  const check = new PartnerSuspendedCheck(statuses);
  const partnerUser: AuthenticatedPrincipal = { id: 'u1', role: 'partner_user', partnerId: P1, via: 'gateway_token' };

  beforeEach(() => suspended.clear());

  it.each([
    ['a user of an active partner', partnerUser, false, null],
    ['a user of a suspended partner', partnerUser, true, 403],
    ['a user of no partner', { ...partnerUser, role: 'manager', partnerId: null }, true, null],
  ])('should answer %s with %s', (_name, principal, isSuspended, status) => {
    if (isSuspended) suspended.add(P1);
    expect(check.check(principal as AuthenticatedPrincipal)?.status ?? null).toBe(status);
  });

  it('should refuse at once when the cache learns of a suspension, though an earlier answer is kept', async () => {
    const checks = new PrincipalChecks([check], { principalCheckTtlMs: 60_000 } as AuthConfig);
    new PartnerStatusForgetting(statuses, checks).onModuleInit();
    expect(await checks.refusal(partnerUser)).toBeNull();
    suspended.add(P1);
    listener!(P1);
    expect((await checks.refusal(partnerUser))?.status).toBe(403);
  });
});
