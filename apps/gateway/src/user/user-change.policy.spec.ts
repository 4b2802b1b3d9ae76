import { refusalOfUserChange, userChangeKind } from './user-change.policy';

const ADMIN_ID = '01936f0e-8a4b-7c3d-9e2f-000000000001';
const USER_ID = '01936f0e-8a4b-7c3d-9e2f-0000000000aa';

describe('refusalOfUserChange', () => {
  it.each([
    ['a name change', { name: 'New' }, { id: USER_ID, role: 'manager' as const, active: true }, ADMIN_ID, null],
    ['a manager made head of sales', { role: 'head_of_sales' as const }, { id: USER_ID, role: 'manager' as const, active: true }, ADMIN_ID, null],
    ['a manager made a partner user', { role: 'partner_user' as const }, { id: USER_ID, role: 'manager' as const, active: true }, ADMIN_ID, 'role'],
    ['a partner user made a manager', { role: 'manager' as const }, { id: USER_ID, role: 'partner_user' as const, active: true }, ADMIN_ID, 'role'],
    ['a partner user kept a partner user', { role: 'partner_user' as const }, { id: USER_ID, role: 'partner_user' as const, active: true }, ADMIN_ID, null],
    ['an admin deactivating themselves', { active: false }, { id: ADMIN_ID, role: 'admin' as const, active: true }, ADMIN_ID, 'active'],
    ['an admin changing their own role', { role: 'manager' as const }, { id: ADMIN_ID, role: 'admin' as const, active: true }, ADMIN_ID, 'role'],
    ['an admin renaming themselves', { name: 'Me' }, { id: ADMIN_ID, role: 'admin' as const, active: true }, ADMIN_ID, null],
  ])('should answer %s with a refusal on %s', (_what, change, user, actorId, field) => {
    const refusal = refusalOfUserChange(change, { actorId, user });
    if (field === null) expect(refusal).toBeNull();
    else expect(refusal?.errors?.[0]?.field).toBe(field);
  });
});

describe('userChangeKind', () => {
  const user = { name: 'A', role: 'manager' as const, active: true };
  it.each([
    ['nothing changed', user, 'none'],
    ['a new name', { ...user, name: 'B' }, 'updated'],
    ['a new role', { ...user, role: 'head_of_sales' as const }, 'updated'],
    ['deactivation', { ...user, active: false }, 'deactivated'],
  ] as const)('should call %s %s', (_what, after, kind) => {
    expect(userChangeKind(user, after)).toBe(kind);
  });

  it('should call a reactivation an update', () => {
    expect(userChangeKind({ ...user, active: false }, user)).toBe('updated');
  });
});
