import type { ActorV1 } from '@saleswire/contracts';
import { customerScope, dealScope, visibleByScope } from './record-scope';

const USER = '0192f0c4-1111-7000-8000-000000000001';
const actor = (role: ActorV1['role'], partnerId: string | null = null): ActorV1 => ({ id: USER, role, partnerId });

describe('record scope', () => {
  it.each([['admin'], ['head_of_sales'], ['system']] as const)('should not narrow deals or customers when the caller is %s', (role) => {
    expect(dealScope(actor(role), 'd', '"deals"')).toBeNull();
    expect(customerScope(actor(role), 'c', '"deals"')).toBeNull();
  });

  it('should limit a manager to owned deals and deals of their team when the caller is a manager', () => {
    const scope = dealScope(actor('manager'), 'd', '"deals"')!;
    expect(scope.sql).toContain('d.owner_id = :scopeActorId');
    expect(scope.sql).toContain('"deals".deal_team_member');
    expect(scope.params).toEqual({ scopeActorId: USER });
  });

  it('should limit a partner user to its own partner’s indirect deals when it has a partner', () => {
    const scope = dealScope(actor('partner_user', 'p-1'), 'd', '"deals"')!;
    expect(scope.sql).toBe("(d.channel = 'indirect' AND d.partner_id = :scopePartnerId)");
    expect(scope.params).toEqual({ scopePartnerId: 'p-1' });
  });

  it('should show nothing to a manager when its id is not a user id (compared as a uuid, it owns nothing)', () => {
    const manager: ActorV1 = { id: 'key-1', role: 'manager', partnerId: null };
    expect(dealScope(manager, 'd', '"deals"')).toEqual({ sql: 'false', params: {} });
    expect(customerScope(manager, 'c', '"deals"')).toEqual({ sql: 'false', params: {} });
  });

  it('should show nothing to a partner user when it has no partner', () => {
    expect(dealScope(actor('partner_user'), 'd', '"deals"')).toEqual({ sql: 'false', params: {} });
    expect(customerScope(actor('partner_user'), 'c', '"deals"')).toEqual({ sql: 'false', params: {} });
  });

  it('should limit a channel manager to indirect deals when the caller is a channel manager', () => {
    expect(dealScope(actor('channel_manager'), 'd', '"deals"')).toEqual({ sql: "d.channel = 'indirect'", params: {} });
  });

  it('should let a manager see owned customers and customers of visible deals when the caller is a manager', () => {
    const scope = customerScope(actor('manager'), 'c', '"deals"')!;
    expect(scope.sql).toContain('c.owner_id = :scopeActorId');
    expect(scope.sql).toContain('scope_d.customer_id = c.id');
  });
});

describe('visibleByScope', () => {
  const a: ActorV1 = { id: '01936f0e-8a4b-7c3d-9e2f-0000000000aa', role: 'manager', partnerId: null };
  const b: ActorV1 = { id: '01936f0e-8a4b-7c3d-9e2f-0000000000ab', role: 'manager', partnerId: null };

  it('should look each scope up once, with its ids, and answer each request in order', async () => {
    const asked: Array<[string, string[]]> = [];
    const seen = await visibleByScope(
      [{ id: 'd1', actor: a }, { id: 'd2', actor: b }, { id: 'd1', actor: b }, { id: 'd3', actor: { ...a } }],
      async (actor, ids) => {
        asked.push([actor.id, ids]);
        return new Set(actor === b ? ['d2'] : ['d1', 'd2']);
      },
    );
    expect(asked).toEqual([[a.id, ['d1', 'd3']], [b.id, ['d2', 'd1']]]);
    expect(seen).toEqual([true, true, false, false]);
  });
});
