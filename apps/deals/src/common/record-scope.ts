import type { ActorV1 } from '@saleswire/contracts';

/** A SQL condition with named parameters, for a TypeORM query builder; null means "every record". */
export interface ScopeCondition {
  sql: string;
  params: Record<string, string>;
}

const NOTHING: ScopeCondition = { sql: 'false', params: {} };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The deals an actor may see (API.md, "Roles and scope"): admins and heads of sales every deal; a manager the
 * deals they own and those whose team they are in; a channel manager the indirect deals; a partner user only
 * its partner's indirect deals. `deal` is the alias of the deal table, `schema` the quoted schema.
 */
export function dealScope(actor: ActorV1, deal: string, schema: string): ScopeCondition | null {
  switch (actor.role) {
    case 'admin':
    case 'head_of_sales':
    case 'system':
      return null;
    case 'manager':
      // Compared as uuids, not as text, so the owner and team indexes answer; an id that is no uuid owns nothing.
      if (!UUID.test(actor.id)) return NOTHING;
      return {
        sql:
          `(${deal}.owner_id = :scopeActorId OR EXISTS (SELECT 1 FROM ${schema}.deal_team_member scope_tm ` +
          `WHERE scope_tm.deal_id = ${deal}.id AND scope_tm.user_id = :scopeActorId))`,
        params: { scopeActorId: actor.id },
      };
    case 'channel_manager':
      return { sql: `${deal}.channel = 'indirect'`, params: {} };
    case 'partner_user':
      return actor.partnerId
        ? { sql: `(${deal}.channel = 'indirect' AND ${deal}.partner_id = :scopePartnerId)`, params: { scopePartnerId: actor.partnerId } }
        : NOTHING;
    default:
      return NOTHING;
  }
}

/** Actors that see the same records share a key: one look-up serves all of their requests in a group. */
export function scopeKey(actor: ActorV1): string {
  return `${actor.role}|${actor.id}|${actor.partnerId ?? ''}`;
}

/**
 * Whether each request's actor may see its record, with one look-up per scope for a whole group of requests:
 * `visibleOf(actor, ids)` answers which of `ids` that actor sees.
 */
export async function visibleByScope(
  requests: ReadonlyArray<{ id: string; actor: ActorV1 }>,
  visibleOf: (actor: ActorV1, ids: string[]) => Promise<ReadonlySet<string>>,
): Promise<boolean[]> {
  const scopes = new Map<string, { actor: ActorV1; ids: Set<string> }>();
  const keys = requests.map(({ actor }) => scopeKey(actor));
  requests.forEach(({ id, actor }, i) => {
    const scope = scopes.get(keys[i]) ?? { actor, ids: new Set<string>() };
    scope.ids.add(id);
    scopes.set(keys[i], scope);
  });
  const visible = new Map<string, ReadonlySet<string>>();
  for (const [key, { actor, ids }] of scopes) visible.set(key, await visibleOf(actor, [...ids]));
  return requests.map(({ id }, i) => visible.get(keys[i])!.has(id));
}

/**
 * The customers an actor may see: every customer for admins and heads of sales; otherwise the customers of the
 * deals the actor sees, and for a manager also the customers they own.
 */
export function customerScope(actor: ActorV1, customer: string, schema: string): ScopeCondition | null {
  const deals = dealScope(actor, 'scope_d', schema);
  if (deals === null) return null;
  if (deals === NOTHING) return NOTHING;
  const ofDeals = `EXISTS (SELECT 1 FROM ${schema}.deal scope_d WHERE scope_d.customer_id = ${customer}.id AND ${deals.sql})`;
  if (actor.role === 'manager') {
    return { sql: `(${customer}.owner_id = :scopeActorId OR ${ofDeals})`, params: deals.params };
  }
  return { sql: ofDeals, params: deals.params };
}
