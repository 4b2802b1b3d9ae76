import { createHash } from 'node:crypto';
import { isUuid, ROLES, type Role } from '@saleswire/contracts';

/** The claims read from a verified token, by the names OIDC_ROLE_CLAIM and OIDC_PARTNER_CLAIM give. */
export interface ClaimNames {
  roleClaim: string;
  partnerClaim: string;
}

export type ClaimMapping = { ok: true; role: Role; partnerId: string | null } | { ok: false; reason: string };

/**
 * A claim's value by its name or, when no claim has that exact name, by a dotted path into nested claims
 * (`realm_access.roles`). The exact name first, because claim names are often URLs, dots included.
 */
export function claimAt(claims: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(claims, name)) return claims[name];
  let node: unknown = claims;
  for (const part of name.split('.')) {
    if (typeof node !== 'object' || node === null || Array.isArray(node) || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/**
 * The Saleswire role and partner a verified token grants. The role claim is a role's name, or a list holding
 * exactly one Saleswire role among other values (a provider's group list); two Saleswire roles are ambiguous and
 * grant nothing, rather than the gateway picking one. A `partner_user` needs the partner claim, a partner's id;
 * other roles belong to no partner, whatever the claim says.
 */
export function mapClaims(claims: Record<string, unknown>, names: ClaimNames): ClaimMapping {
  const value = claimAt(claims, names.roleClaim);
  const candidates = (Array.isArray(value) ? value : [value]).filter((item): item is Role => typeof item === 'string' && (ROLES as readonly string[]).includes(item));
  const roles = [...new Set(candidates)];
  if (roles.length !== 1) {
    const why = roles.length === 0 ? 'names no Saleswire role' : `names several Saleswire roles (${roles.join(', ')})`;
    return { ok: false, reason: `The token's claim ${names.roleClaim} ${why}.` };
  }
  const [role] = roles;
  if (role !== 'partner_user') return { ok: true, role, partnerId: null };
  const partnerId = claimAt(claims, names.partnerClaim);
  if (!isUuid(partnerId)) return { ok: false, reason: `A partner user's token needs its partner's id in the claim ${names.partnerClaim}.` };
  return { ok: true, role, partnerId: partnerId.toLowerCase() };
}

/**
 * The Saleswire id of an external identity: a UUID (version 8, RFC 9562) made from the SHA-256 of the issuer and
 * the subject. The same person has the same id on every replica and after every restart, without a row to write
 * first; an identity of another issuer, or a subject that happens to be one of the gateway's own user ids, can
 * never take a Saleswire user's id (and with it that user's records).
 */
export function externalUserId(issuer: string, subject: string): string {
  const bytes = createHash('sha256').update(`${issuer}\n${subject}`, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80; // version 8
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // the RFC 4122 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
