import { EXPIRING_WITHIN_DAYS, type DealRegistrationStatus } from '@saleswire/contracts';

/**
 * A registration's lifecycle (API.md, Partners): `submitted → approved | rejected | withdrawn`, `approved → expired
 * | closed` (its deal won or lost); an approved registration's protection may be extended once while it lasts.
 */
export type RegistrationAction = 'approve' | 'reject' | 'withdraw' | 'extend' | 'expire' | 'close';

const FROM: Readonly<Record<RegistrationAction, DealRegistrationStatus>> = {
  approve: 'submitted',
  reject: 'submitted',
  withdraw: 'submitted',
  extend: 'approved',
  expire: 'approved',
  close: 'approved',
};

/** The status each action leaves the registration in. */
export const RESULTING_STATUS: Readonly<Record<RegistrationAction, DealRegistrationStatus>> = {
  approve: 'approved',
  reject: 'rejected',
  withdraw: 'withdrawn',
  extend: 'approved',
  expire: 'expired',
  close: 'closed',
};

const VERB: Readonly<Record<RegistrationAction, string>> = {
  approve: 'approved',
  reject: 'rejected',
  withdraw: 'withdrawn',
  extend: 'extended',
  expire: 'expired',
  close: 'closed',
};

/** What the lifecycle looks at. */
export interface RegistrationState {
  status: DealRegistrationStatus;
  protectedUntil: Date | null;
  extendedDays: number | null;
}

/** Why the action may not happen to the registration now, or null when it may. */
export function transitionRefusal(registration: RegistrationState, action: RegistrationAction, now: Date): string | null {
  const from = FROM[action];
  if (registration.status !== from) return `A ${registration.status} registration cannot be ${VERB[action]}; only a ${from} one can.`;
  const protectionOver = registration.protectedUntil === null || registration.protectedUntil.getTime() <= now.getTime();
  if (action === 'extend') {
    if (registration.extendedDays !== null) return 'Its protection was extended once already; it may be extended only once.';
    if (protectionOver) return 'Its protection has ended; an ended protection is not extended.';
  }
  if (action === 'expire' && !protectionOver) return 'Its protection has not ended yet.';
  return null;
}

const DAY_MS = 86_400_000;

/** When a protection of `days` starting at `from` ends. */
export function protectionEnd(from: Date, days: number): Date {
  return new Date(from.getTime() + days * DAY_MS);
}

/** What the expiring notice looks at: the lifecycle's state and the end of protection last announced. */
export interface ExpiringState extends RegistrationState {
  expiringNoticedFor: Date | null;
}

/** The latest end of protection that is announced as expiring at `now`: `EXPIRING_WITHIN_DAYS` from now. */
export function expiringHorizon(now: Date): Date {
  return new Date(now.getTime() + EXPIRING_WITHIN_DAYS * DAY_MS);
}

/**
 * Whether an approved registration is to be announced as expiring at `now`, and with how many whole days left: its
 * protection still runs, ends within `EXPIRING_WITHIN_DAYS`, and this end was not announced yet (an extension that
 * moves the end into the window again is announced again). Null when not.
 */
export function expiringNotice(registration: ExpiringState, now: Date): { daysLeft: number } | null {
  const end = registration.protectedUntil;
  if (registration.status !== 'approved' || end === null) return null;
  if (end.getTime() <= now.getTime() || end.getTime() > expiringHorizon(now).getTime()) return null;
  if (registration.expiringNoticedFor !== null && registration.expiringNoticedFor.getTime() === end.getTime()) return null;
  return { daysLeft: Math.floor((end.getTime() - now.getTime()) / DAY_MS) };
}
