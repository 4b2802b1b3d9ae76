import type { ActorV1 } from '@saleswire/contracts';

/**
 * Who reaches which partner records (API.md, "Roles and scope"; isolation is what partners buy): the company's
 * channel side and its heads see every partner's; a partner user only its own partner's, and a record of another
 * partner is answered exactly like one that does not exist (404); everyone else sees none.
 */
export type PartnerReach = { kind: 'all' } | { kind: 'one'; partnerId: string } | { kind: 'none' };

const SEES_EVERY_PARTNER: ReadonlyArray<ActorV1['role']> = ['admin', 'head_of_sales', 'channel_manager', 'system'];
/** Those who run the partner network: sign partners up, decide registrations, approve and pay commissions. */
const RUNS_THE_NETWORK: ReadonlyArray<ActorV1['role']> = ['admin', 'channel_manager', 'system'];

export function partnerReach(actor: ActorV1): PartnerReach {
  if (SEES_EVERY_PARTNER.includes(actor.role)) return { kind: 'all' };
  if (actor.role === 'partner_user' && actor.partnerId) return { kind: 'one', partnerId: actor.partnerId };
  return { kind: 'none' };
}

/** Whether the actor may see records of this partner. */
export function reaches(actor: ActorV1, partnerId: string): boolean {
  const reach = partnerReach(actor);
  return reach.kind === 'all' || (reach.kind === 'one' && reach.partnerId === partnerId);
}

/** A SQL condition narrowing `column` (a partner id) to what the actor reaches; null means every row. */
export function reachCondition(actor: ActorV1, column: string): { sql: string; params: Record<string, string> } | null {
  const reach = partnerReach(actor);
  if (reach.kind === 'all') return null;
  if (reach.kind === 'none') return { sql: 'false', params: {} };
  return { sql: `${column} = :reachPartnerId`, params: { reachPartnerId: reach.partnerId } };
}

export type Management = 'partners' | 'registration decisions' | 'commissions';

const MANAGEMENT_REFUSALS: Record<Management, string> = {
  partners: 'Channel managers and admins manage partners.',
  'registration decisions': 'Channel managers and admins decide deal registrations.',
  commissions: 'Channel managers and admins approve and pay commissions.',
};

/** Why the actor may not do this part of running the network, or null when it may. */
export function managementRefusal(actor: ActorV1, what: Management): string | null {
  return RUNS_THE_NETWORK.includes(actor.role) ? null : MANAGEMENT_REFUSALS[what];
}

/**
 * Whether the actor may register a deal for this partner: a partner user for its own partner (another partner is
 * hidden, as if it did not exist); a channel manager or admin on any partner's behalf; nobody else.
 */
export function submissionAccess(actor: ActorV1, partnerId: string): 'allowed' | 'hidden' | 'refused' {
  if (actor.role === 'partner_user') return actor.partnerId === partnerId ? 'allowed' : 'hidden';
  return RUNS_THE_NETWORK.includes(actor.role) ? 'allowed' : 'refused';
}

/** Who may withdraw a registration it sees: its partner's users, and the channel side on the partner's behalf. */
export function withdrawalRefusal(actor: ActorV1): string | null {
  return actor.role === 'partner_user' || RUNS_THE_NETWORK.includes(actor.role) ? null : 'The partner withdraws its registrations.';
}
