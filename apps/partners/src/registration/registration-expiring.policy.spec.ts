import { expiringHorizon, expiringNotice, type ExpiringState } from './registration-lifecycle.policy';

const NOW = new Date('2026-03-10T12:00:00.000Z');
const at = (iso: string): Date => new Date(iso);
const state = (status: ExpiringState['status'], protectedUntil: Date | null, expiringNoticedFor: Date | null = null): ExpiringState => ({
  status,
  protectedUntil,
  extendedDays: null,
  expiringNoticedFor,
});

describe('expiring notice policy', () => {
  it.each<[string, ExpiringState, { daysLeft: number } | null]>([
    ['ends in 6 days and 23 hours', state('approved', at('2026-03-17T11:00:00.000Z')), { daysLeft: 6 }],
    ['ends exactly 7 days from now', state('approved', at('2026-03-17T12:00:00.000Z')), { daysLeft: 7 }],
    ['ends within the hour', state('approved', at('2026-03-10T12:30:00.000Z')), { daysLeft: 0 }],
    ['ends a millisecond after 7 days', state('approved', at('2026-03-17T12:00:00.001Z')), null],
    ['has ended (the expiry’s)', state('approved', at('2026-03-10T12:00:00.000Z')), null],
    ['was announced for this end', state('approved', at('2026-03-12T12:00:00.000Z'), at('2026-03-12T12:00:00.000Z')), null],
    ['was announced for an end an extension moved', state('approved', at('2026-03-15T12:00:00.000Z'), at('2026-03-08T12:00:00.000Z')), { daysLeft: 5 }],
    ['is submitted', state('submitted', null), null],
    ['is expired', state('expired', at('2026-03-12T12:00:00.000Z')), null],
    ['is closed', state('closed', at('2026-03-12T12:00:00.000Z')), null],
  ])('should decide a registration that %s', (_case, registration, expected) => {
    expect(expiringNotice(registration, NOW)).toEqual(expected);
  });

  it('should look 7 days ahead', () => {
    expect(expiringHorizon(NOW).toISOString()).toBe('2026-03-17T12:00:00.000Z');
  });
});
