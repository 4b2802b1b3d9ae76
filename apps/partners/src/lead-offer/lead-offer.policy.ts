import type { ActorV1, LeadSource } from '@saleswire/contracts';
import { effectiveRoutingWeight } from '../partner/partner.policy';
import { covers } from '../partner/region.policy';
import type { PartnerEntity } from '../partner/partner.entity';

/** The routing setting as the rules read it. */
export interface RoutingSettings {
  enabled: boolean;
  sources: readonly LeadSource[];
  offerHours: number;
}

/** What of a new lead decides whether it is offered to partners. */
export interface NewLead {
  source: LeadSource;
  region?: string | null;
  partnerId: string | null;
  /** The creator named the assignee (not the assignment rule). Absent in older events: an assignee then counts as named. */
  assigneeExplicit?: boolean;
  assigneeId: string | null;
}

/** A partner that may be offered a lead, with its routing weight (> 0). */
export interface Candidate {
  partnerId: string;
  weight: number;
}

/**
 * Whether a new lead is offered to partners: routing is on, the lead's source is one of routing's, it has a
 * region, no partner and no assignee its creator named. Answers the lead's region, or null.
 */
export function routableRegion(settings: RoutingSettings, lead: NewLead): string | null {
  if (!settings.enabled || !settings.sources.includes(lead.source)) return null;
  if (!lead.region || lead.partnerId) return null;
  const named = lead.assigneeExplicit ?? lead.assigneeId !== null;
  return named ? null : lead.region;
}

/**
 * The partners a lead in `region` may be offered to: active, whose territories contain the region (`DE-BY` lies in
 * `DE`), with a routing weight above 0 (the tier's unless the partner has its own), and not already asked about
 * this lead (a partner that declined or let an offer lapse is never asked again).
 */
export function candidates(
  partners: ReadonlyArray<Pick<PartnerEntity, 'id' | 'status' | 'tier' | 'routingWeight' | 'territories'>>,
  region: string,
  alreadyAsked: ReadonlySet<string>,
): Candidate[] {
  return partners
    .filter((p) => p.status === 'active' && !alreadyAsked.has(p.id) && covers(p.territories, region))
    .map((p) => ({ partnerId: p.id, weight: effectiveRoutingWeight(p.tier, p.routingWeight) }))
    .filter((c) => c.weight > 0);
}

/**
 * Weighted random choice: a partner of weight 3 is picked three times as often as one of weight 1. `random` is a
 * number in [0, 1) (Math.random in the service, fixed in tests). Null when there is no candidate.
 */
export function pickWeighted(from: readonly Candidate[], random: number): Candidate | null {
  const total = from.reduce((sum, c) => sum + c.weight, 0);
  if (total <= 0) return null;
  let point = random * total;
  for (const candidate of from) {
    if (point < candidate.weight) return candidate;
    point -= candidate.weight;
  }
  return from[from.length - 1];
}

/** When an offer made at `now` lapses. */
export function offerEnd(now: Date, hours: number): Date {
  return new Date(now.getTime() + hours * 3_600_000);
}

/** Why the actor may not answer this offer, or null: the offer's partner's users, and the channel side on its behalf. */
export function answerRefusal(offer: { status: string; expiresAt: Date }, now: Date): string | null {
  if (offer.status !== 'offered') return `The offer is ${offer.status} already.`;
  if (offer.expiresAt.getTime() <= now.getTime()) return 'The offer has lapsed.';
  return null;
}

/** Who may answer offers at all: partner users (their own partner's, by the store's scope) and the channel side. */
export function answersOffers(actor: ActorV1): boolean {
  return ['partner_user', 'admin', 'channel_manager', 'system'].includes(actor.role);
}

/** Who may read or change the routing setting. */
export function routingRefusal(actor: ActorV1): string | null {
  return ['admin', 'channel_manager', 'head_of_sales', 'system'].includes(actor.role) ? null : 'Channel managers and heads of sales set partner routing.';
}
