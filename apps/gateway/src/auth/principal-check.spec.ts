import { ForbiddenError } from '@saleswire/messaging';
import type { AuthConfig } from '../config';
import type { AuthenticatedPrincipal } from './principal';
import { PrincipalChecks, type PrincipalCheck } from './principal-check';

const CONFIG = { principalCheckTtlMs: 1000 } as AuthConfig;
const ANNA: AuthenticatedPrincipal = { id: 'u-anna', role: 'manager', partnerId: null, via: 'gateway_token' };
const PARTNER_KEY: AuthenticatedPrincipal = { id: 'k-1', role: 'partner_user', partnerId: 'p-1', via: 'api_key' };

/** A check that refuses the ids in `refused`, counting how often it was asked. */
function checkRefusing(refused: Set<string>): PrincipalCheck & { calls: number } {
  return {
    calls: 0,
    check(principal) {
      this.calls++;
      return refused.has(principal.id) || refused.has(principal.partnerId ?? '') ? new ForbiddenError(`${principal.id} may not`) : null;
    },
  };
}

describe('PrincipalChecks', () => {
  afterEach(() => jest.useRealTimers());

  it('should let everybody on, for free, when no check is provided', async () => {
    expect(await new PrincipalChecks([], CONFIG).refusal(ANNA)).toBeNull();
  });

  it('should answer the first refusal of the checks, in their order', async () => {
    const first = checkRefusing(new Set(['p-1']));
    const second = checkRefusing(new Set(['k-1']));
    const refusal = await new PrincipalChecks([first, second], CONFIG).refusal(PARTNER_KEY);
    expect(refusal).toBeInstanceOf(ForbiddenError);
    expect(refusal?.detail).toBe('k-1 may not');
    expect(second.calls).toBe(0);
  });

  it('should keep an answer for the TTL, then ask again', async () => {
    jest.useFakeTimers({ now: 0 });
    const refused = new Set<string>();
    const check = checkRefusing(refused);
    const checks = new PrincipalChecks([check], CONFIG);
    expect(await checks.refusal(ANNA)).toBeNull();
    refused.add('u-anna');
    expect(await checks.refusal(ANNA)).toBeNull();
    expect(check.calls).toBe(1);
    jest.setSystemTime(1001);
    expect(await checks.refusal(ANNA)).toBeInstanceOf(ForbiddenError);
    expect(check.calls).toBe(2);
  });

  it('should ask again at once for a principal or partner it was told to forget', async () => {
    const refused = new Set<string>();
    const check = checkRefusing(refused);
    const checks = new PrincipalChecks([check], CONFIG);
    await checks.refusal(ANNA);
    await checks.refusal(PARTNER_KEY);
    refused.add('p-1');
    refused.add('u-anna');
    checks.forget('p-1');
    expect(await checks.refusal(PARTNER_KEY)).toBeInstanceOf(ForbiddenError);
    expect(await checks.refusal(ANNA)).toBeNull();
    checks.forget();
    expect(await checks.refusal(ANNA)).toBeInstanceOf(ForbiddenError);
  });

  it('should keep nothing when a check fails, so the next request asks again', async () => {
    let calls = 0;
    const flaky: PrincipalCheck = {
      check: async () => {
        if (calls++ === 0) throw new Error('database away');
        return null;
      },
    };
    const checks = new PrincipalChecks([flaky], CONFIG);
    await expect(checks.refusal(ANNA)).rejects.toThrow('database away');
    expect(await checks.refusal(ANNA)).toBeNull();
  });

  it('should ask once for requests of one principal that arrive together', async () => {
    const check = checkRefusing(new Set());
    const checks = new PrincipalChecks([{ check: async (p) => check.check(p) }], CONFIG);
    await Promise.all(Array.from({ length: 10 }, () => checks.refusal(ANNA)));
    expect(check.calls).toBe(1);
  });
});
