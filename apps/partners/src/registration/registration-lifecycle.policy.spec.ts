import { DEAL_REGISTRATION_STATUSES } from '@saleswire/contracts';
import { protectionEnd, transitionRefusal, type RegistrationAction, type RegistrationState } from './registration-lifecycle.policy';

const NOW = new Date('2026-03-10T12:00:00Z');
const LATER = new Date('2026-06-08T12:00:00Z');
const EARLIER = new Date('2026-03-10T11:59:59Z');
const state = (status: RegistrationState['status'], protectedUntil: Date | null = null, extendedDays: number | null = null): RegistrationState => ({
  status,
  protectedUntil,
  extendedDays,
});

const ALLOWED: ReadonlyArray<[RegistrationAction, RegistrationState]> = [
  ['approve', state('submitted')],
  ['reject', state('submitted')],
  ['withdraw', state('submitted')],
  ['extend', state('approved', LATER)],
  ['expire', state('approved', EARLIER)],
  ['expire', state('approved', NOW)],
  ['close', state('approved', LATER)],
  ['close', state('approved', EARLIER)],
];

describe('registration lifecycle policy', () => {
  it.each(ALLOWED)('should allow %s when the registration is %o', (action, registration) => {
    expect(transitionRefusal(registration, action, NOW)).toBeNull();
  });

  const refused = (['approve', 'reject', 'withdraw', 'extend', 'expire', 'close'] as const).flatMap((action) =>
    DEAL_REGISTRATION_STATUSES.filter((status) => !ALLOWED.some(([a, s]) => a === action && s.status === status)).map(
      (status) => [action, status] as const,
    ),
  );

  it.each(refused)('should refuse %s when the registration is %s', (action, status) => {
    expect(transitionRefusal(state(status, LATER), action, NOW)).toMatch(new RegExp(`A ${status} registration cannot be`));
  });

  it.each([
    ['it was extended once already', state('approved', LATER, 30), /extended only once/],
    ['its protection has ended', state('approved', EARLIER), /has ended/],
  ])('should refuse an extension when %s', (_case, registration, reason) => {
    expect(transitionRefusal(registration, 'extend', NOW)).toMatch(reason);
  });

  it('should refuse to expire a protection that still runs', () => {
    expect(transitionRefusal(state('approved', LATER), 'expire', NOW)).toMatch(/not ended yet/);
  });

  it('should end a protection of 90 days 90 days later', () => {
    expect(protectionEnd(NOW, 90).toISOString()).toBe('2026-06-08T12:00:00.000Z');
  });
});
