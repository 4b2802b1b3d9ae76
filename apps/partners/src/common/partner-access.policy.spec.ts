import type { ActorV1 } from '@saleswire/contracts';
import { managementRefusal, partnerReach, reachCondition, reaches, submissionAccess, withdrawalRefusal } from './partner-access.policy';

const P1 = '01936f0e-8a4b-7c3d-9e2f-00000000bb01';
const P2 = '01936f0e-8a4b-7c3d-9e2f-00000000bb02';
const actor = (role: ActorV1['role'], partnerId: string | null = null): ActorV1 => ({ id: '01936f0e-8a4b-7c3d-9e2f-0000000000aa', role, partnerId });

describe('partner access policy', () => {
  it.each([['admin'], ['head_of_sales'], ['channel_manager'], ['system']] as const)('should let a %s reach every partner', (role) => {
    expect(partnerReach(actor(role))).toEqual({ kind: 'all' });
    expect(reaches(actor(role), P2)).toBe(true);
    expect(reachCondition(actor(role), 'r.partner_id')).toBeNull();
  });

  it('should let a partner user reach its own partner only', () => {
    const user = actor('partner_user', P1);
    expect(reaches(user, P1)).toBe(true);
    expect(reaches(user, P2)).toBe(false);
    expect(reachCondition(user, 'r.partner_id')).toEqual({ sql: 'r.partner_id = :reachPartnerId', params: { reachPartnerId: P1 } });
  });

  it.each([
    ['a manager', actor('manager')],
    ['a partner user without a partner', actor('partner_user')],
  ])('should let %s reach no partner at all', (_who, who) => {
    expect(partnerReach(who)).toEqual({ kind: 'none' });
    expect(reaches(who, P1)).toBe(false);
    expect(reachCondition(who, 'p.id')).toEqual({ sql: 'false', params: {} });
  });

  it.each([
    ['admin', null],
    ['channel_manager', null],
    ['head_of_sales', 'Channel managers and admins manage partners.'],
    ['manager', 'Channel managers and admins manage partners.'],
    ['partner_user', 'Channel managers and admins manage partners.'],
  ] as const)('should answer %s managing partners with %p', (role, refusal) => {
    expect(managementRefusal(actor(role, role === 'partner_user' ? P1 : null), 'partners')).toBe(refusal);
  });

  it.each([
    ['a partner user for its own partner', actor('partner_user', P1), P1, 'allowed'],
    ['a partner user for another partner', actor('partner_user', P1), P2, 'hidden'],
    ['a channel manager on a partner’s behalf', actor('channel_manager'), P2, 'allowed'],
    ['an admin', actor('admin'), P1, 'allowed'],
    ['a head of sales', actor('head_of_sales'), P1, 'refused'],
    ['a manager', actor('manager'), P1, 'refused'],
  ] as const)('should answer %s submitting a registration with %s', (_who, who, partnerId, expected) => {
    expect(submissionAccess(who, partnerId)).toBe(expected);
  });

  it.each([
    ['partner_user', null],
    ['channel_manager', null],
    ['head_of_sales', 'The partner withdraws its registrations.'],
  ] as const)('should answer %s withdrawing with %p', (role, refusal) => {
    expect(withdrawalRefusal(actor(role, P1))).toBe(refusal);
  });
});
