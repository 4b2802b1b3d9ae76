import { distinctOrigins, type PartnerField, type PartnerStatus, type PartnerTier, type UpdatePartnerInputV1 } from '@saleswire/contracts';
import { normaliseTerritories } from './region.policy';

/** The lead-routing weight a tier gives when the partner has none of its own (API.md, Partners). */
export const TIER_ROUTING_WEIGHTS: Readonly<Record<PartnerTier, number>> = { gold: 3, silver: 2, bronze: 1 };

/** The weight routing uses: the partner's own when set (0 = never offered leads), else its tier's. */
export function effectiveRoutingWeight(tier: PartnerTier, routingWeight: number | null): number {
  return routingWeight ?? TIER_ROUTING_WEIGHTS[tier];
}

/** Why a partner in `from` may not be moved to `to`, or null. Suspending twice or reactivating an active one is refused. */
export function statusChangeRefusal(from: PartnerStatus, to: PartnerStatus): string | null {
  if (from === to) return to === 'suspended' ? 'The partner is suspended already.' : 'The partner is active already.';
  return null;
}

/** The partner's fields a change may touch, as a PATCH sees them. */
export interface PartnerFields {
  name: string;
  kind: PartnerUpdate['kind'];
  tier: PartnerTier;
  territories: string[];
  commissionRate: number;
  routingWeight: number | null;
  allowedOrigins: string[];
}

type PartnerUpdate = Required<Omit<UpdatePartnerInputV1, 'routingWeight' | 'allowedOrigins'>> & { routingWeight: number | null };

/**
 * What a PATCH changes: the fields given whose value differs from the partner's (territories compared as a set,
 * names trimmed); `routingWeight: null` hands the weight back to the tier. Answers the new values and their names.
 */
export function partnerChanges(current: PartnerFields, input: UpdatePartnerInputV1): { next: PartnerFields; changed: PartnerField[] } {
  const next: PartnerFields = { ...current, territories: [...current.territories], allowedOrigins: [...current.allowedOrigins] };
  const changed: PartnerField[] = [];
  const set = <K extends keyof PartnerFields & PartnerField>(field: K, value: PartnerFields[K] | undefined): void => {
    if (value === undefined || value === current[field]) return;
    next[field] = value;
    changed.push(field);
  };
  set('name', input.name?.trim());
  set('kind', input.kind);
  set('tier', input.tier);
  if (input.territories !== undefined) {
    const territories = normaliseTerritories(input.territories);
    const same = territories.length === current.territories.length && territories.every((t) => current.territories.includes(t));
    if (!same) set('territories', territories);
  }
  set('commissionRate', input.commissionRate);
  set('routingWeight', input.routingWeight);
  if (input.allowedOrigins !== undefined) {
    // A list, in the order given (the view shows it so), each once; a change only when the set differs.
    const origins = distinctOrigins(input.allowedOrigins);
    const same = origins.length === current.allowedOrigins.length && origins.every((o) => current.allowedOrigins.includes(o));
    if (!same) {
      next.allowedOrigins = origins;
      changed.push('allowedOrigins');
    }
  }
  return { next, changed };
}
