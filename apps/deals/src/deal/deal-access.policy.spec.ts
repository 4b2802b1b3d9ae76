import { type ActorV1, SYSTEM_ACTOR } from '@saleswire/contracts';
import { changeRefusal, customerLookupActor, openRefusal } from './deal-access.policy';

const actor = (role: ActorV1['role']): ActorV1 => ({ id: '01936f0e-8a4b-7c3d-9e2f-0000000000aa', role, partnerId: role === 'partner_user' ? 'p-1' : null });

describe('deal access policy', () => {
  it.each([
    ['admin', 'direct'],
    ['head_of_sales', 'direct'],
    ['manager', 'direct'],
    ['manager', 'indirect'],
    ['channel_manager', 'indirect'],
    ['system', 'direct'],
  ] as const)('should let a %s open a %s deal', (role, channel) => {
    expect(openRefusal(actor(role), channel)).toBeNull();
  });

  it.each([
    ['partner_user', 'indirect', /Partners register deals/],
    ['channel_manager', 'direct', /Channel managers open indirect deals/],
  ] as const)('should refuse a %s opening a %s deal', (role, channel, reason) => {
    expect(openRefusal(actor(role), channel)).toMatch(reason);
  });

  it.each([
    ['manager', 'the manager'],
    ['channel_manager', 'the system'],
    ['head_of_sales', 'the system'],
  ] as const)('should look up the customer of a new deal of a %s as %s sees it', (role, expected) => {
    const opener = actor(role);
    expect(customerLookupActor(opener)).toBe(expected === 'the manager' ? opener : SYSTEM_ACTOR);
  });

  it.each([
    ['change', 'Partner users do not change deals.'],
    ['move', 'Partner users do not move deals.'],
    ['pay', 'Partner users do not record payments.'],
  ] as const)('should refuse a partner user the %s of a deal', (change, reason) => {
    expect(changeRefusal(actor('partner_user'), change)).toBe(reason);
    expect(changeRefusal(actor('manager'), change)).toBeNull();
  });
});
