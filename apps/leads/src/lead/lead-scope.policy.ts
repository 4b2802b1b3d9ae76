import { type ActorV1, isUuid } from '@saleswire/contracts';

/** Which leads an actor may see and change (API.md, "Roles and scope"), as columns that must match. */
export type LeadScope =
  | { kind: 'all' }
  | { kind: 'assignee'; assigneeId: string }
  | { kind: 'partner'; partnerId: string }
  | { kind: 'any_partner' }
  | { kind: 'none' };

/**
 * Admins, heads of sales and the platform see every lead; a manager the leads assigned to them; a partner's
 * user its partner's leads; a channel manager the leads that came through partners.
 */
export function leadScopeOf(actor: ActorV1): LeadScope {
  switch (actor.role) {
    case 'admin':
    case 'head_of_sales':
    case 'system':
      return { kind: 'all' };
    case 'manager':
      return isUuid(actor.id) ? { kind: 'assignee', assigneeId: actor.id } : { kind: 'none' };
    case 'partner_user':
      return actor.partnerId ? { kind: 'partner', partnerId: actor.partnerId } : { kind: 'none' };
    case 'channel_manager':
      return { kind: 'any_partner' };
    default:
      return { kind: 'none' };
  }
}

/** The scope as a TypeORM query-builder condition on the alias `lead`, with named parameters. */
export function scopeCondition(scope: LeadScope): { sql: string; params: Record<string, unknown> } {
  switch (scope.kind) {
    case 'all':
      return { sql: 'true', params: {} };
    case 'assignee':
      return { sql: 'lead.assigneeId = :scopeAssigneeId', params: { scopeAssigneeId: scope.assigneeId } };
    case 'partner':
      return { sql: 'lead.partnerId = :scopePartnerId', params: { scopePartnerId: scope.partnerId } };
    case 'any_partner':
      return { sql: 'lead.partnerId IS NOT NULL', params: {} };
    case 'none':
      return { sql: 'false', params: {} };
  }
}

/** Whether one lead is inside the scope. */
export function inScope(scope: LeadScope, lead: { assigneeId: string | null; partnerId: string | null }): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'assignee':
      return lead.assigneeId === scope.assigneeId;
    case 'partner':
      return lead.partnerId === scope.partnerId;
    case 'any_partner':
      return lead.partnerId !== null;
    case 'none':
      return false;
  }
}
