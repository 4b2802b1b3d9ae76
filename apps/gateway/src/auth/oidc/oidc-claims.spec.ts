import { claimAt, externalUserId, mapClaims } from './oidc-claims';

const NAMES = { roleClaim: 'saleswire_role', partnerClaim: 'saleswire_partner_id' };
const PARTNER = '01936f0e-8a4b-7c3d-9e2f-00000000bb01';

describe('OIDC claim mapping', () => {
  it.each([
    ['a role by name', { saleswire_role: 'manager' }, NAMES, { ok: true, role: 'manager', partnerId: null }],
    ['one Saleswire role among a group list', { saleswire_role: ['offline_access', 'head_of_sales'] }, NAMES, { ok: true, role: 'head_of_sales', partnerId: null }],
    ['the same role twice', { saleswire_role: ['admin', 'admin'] }, NAMES, { ok: true, role: 'admin', partnerId: null }],
    ['a partner user with its partner', { saleswire_role: 'partner_user', saleswire_partner_id: PARTNER.toUpperCase() }, NAMES, { ok: true, role: 'partner_user', partnerId: PARTNER }],
    ['a manager whose token names a partner', { saleswire_role: 'manager', saleswire_partner_id: PARTNER }, NAMES, { ok: true, role: 'manager', partnerId: null }],
    ['a nested claim by a dotted path', { realm_access: { roles: ['uma_authorization', 'channel_manager'] } }, { ...NAMES, roleClaim: 'realm_access.roles' }, { ok: true, role: 'channel_manager', partnerId: null }],
    ['a claim named by a URL, dots and all', { 'https://saleswire.example/role': 'admin' }, { ...NAMES, roleClaim: 'https://saleswire.example/role' }, { ok: true, role: 'admin', partnerId: null }],
  ])('should map %s', (_case, claims, names, expected) => {
    expect(mapClaims(claims, names)).toEqual(expected);
  });

  it.each([
    ['no role claim', {}, /names no Saleswire role/],
    ['a role that is not Saleswire\'s', { saleswire_role: 'emperor' }, /names no Saleswire role/],
    ['two Saleswire roles', { saleswire_role: ['manager', 'admin'] }, /several Saleswire roles \(manager, admin\)/],
    ['a role of the wrong type', { saleswire_role: { admin: true } }, /names no Saleswire role/],
    ['a partner user without a partner', { saleswire_role: 'partner_user' }, /partner's id in the claim saleswire_partner_id/],
    ['a partner user with a partner that is no id', { saleswire_role: 'partner_user', saleswire_partner_id: 'acme' }, /partner's id/],
  ])('should grant nothing for %s', (_case, claims, reason) => {
    const mapped = mapClaims(claims, NAMES);
    expect(mapped.ok).toBe(false);
    expect(mapped.ok ? '' : mapped.reason).toMatch(reason);
  });

  it('should not read through a path that is not an object', () => {
    expect(claimAt({ a: 'text' }, 'a.length')).toBeUndefined();
    expect(claimAt({ a: ['x'] }, 'a.0')).toBeUndefined();
  });

  it('should give an external subject a stable UUID of its own, per issuer', () => {
    const id = externalUserId('https://id.example', 'user-42');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(externalUserId('https://id.example', 'user-42')).toBe(id);
    expect(externalUserId('https://other.example', 'user-42')).not.toBe(id);
    // A subject that is itself a UUID (perhaps a Saleswire user's id) still gets an id of its own.
    expect(externalUserId('https://id.example', PARTNER)).not.toBe(PARTNER);
  });
});
