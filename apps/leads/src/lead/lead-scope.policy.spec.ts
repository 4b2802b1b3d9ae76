import type { ActorV1 } from '@saleswire/contracts';
import { inScope, leadScopeOf, scopeCondition } from './lead-scope.policy';

const MANAGER = '01936f0e-8a4b-7c3d-9e2f-0000000000aa';
const OTHER = '01936f0e-8a4b-7c3d-9e2f-0000000000bb';
const PARTNER = '01936f0e-8a4b-7c3d-9e2f-00000000bb01';

const actor = (role: ActorV1['role'], id = MANAGER, partnerId: string | null = null): ActorV1 => ({ id, role, partnerId });

describe('lead scope policy', () => {
  it.each([
    ['admin', actor('admin'), { assigneeId: OTHER, partnerId: null }, true],
    ['head_of_sales', actor('head_of_sales'), { assigneeId: null, partnerId: null }, true],
    ['manager on own lead', actor('manager'), { assigneeId: MANAGER, partnerId: null }, true],
    ['manager on another’s lead', actor('manager'), { assigneeId: OTHER, partnerId: null }, false],
    ['manager on an unassigned lead', actor('manager'), { assigneeId: null, partnerId: null }, false],
    ['partner user on its partner’s lead', actor('partner_user', 'pu', PARTNER), { assigneeId: OTHER, partnerId: PARTNER }, true],
    ['partner user on a direct lead', actor('partner_user', 'pu', PARTNER), { assigneeId: OTHER, partnerId: null }, false],
    ['partner user without a partner', actor('partner_user', 'pu', null), { assigneeId: OTHER, partnerId: PARTNER }, false],
    ['channel manager on a partner lead', actor('channel_manager'), { assigneeId: OTHER, partnerId: PARTNER }, true],
    ['channel manager on a direct lead', actor('channel_manager'), { assigneeId: OTHER, partnerId: null }, false],
  ] as const)('should answer %s when deciding scope', (_case, who, lead, expected) => {
    expect(inScope(leadScopeOf(who), lead)).toBe(expected);
  });

  it('should see nothing when a manager id is not a UUID (no query with a bad id)', () => {
    expect(leadScopeOf(actor('manager', 'api-key-1'))).toEqual({ kind: 'none' });
  });

  it('should bind the actor’s id as a parameter when building the condition', () => {
    expect(scopeCondition(leadScopeOf(actor('manager')))).toEqual({ sql: 'lead.assigneeId = :scopeAssigneeId', params: { scopeAssigneeId: MANAGER } });
    expect(scopeCondition(leadScopeOf(actor('partner_user', 'pu', PARTNER))).params).toEqual({ scopePartnerId: PARTNER });
    expect(scopeCondition({ kind: 'none' }).sql).toBe('false');
  });
});
