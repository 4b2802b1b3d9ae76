import { MATCH_KEYS, type ChannelConflictV1, type ConflictKind, type MatchKey } from '@saleswire/contracts';
import { matchKeyOf } from './channel-keys';

/** A record of another channel that shares at least one key with a registration, as the index finds it. */
export interface IndexHit {
  kind: ConflictKind;
  id: string;
  /** The record's keys (all of them: the matcher finds which ones are shared). */
  keys: readonly string[];
  /** For a registration: its status and protection, which decide whether it blocks an approval. */
  status?: string | null;
  protectedUntil?: Date | null;
}

/** The most conflicts one registration records: beyond that the channel manager has seen enough. */
export const MAX_CONFLICTS = 50;

const STRENGTH: Readonly<Record<MatchKey, number>> = Object.fromEntries(MATCH_KEYS.map((key, index) => [key, index])) as Record<MatchKey, number>;
const KIND_ORDER: Readonly<Record<ConflictKind, number>> = { registration: 0, deal: 1, lead: 2 };

/**
 * The conflicts of a registration with these keys: one per record that shares a key, named by the strongest key
 * shared (tax id, then domain, then name); other partners' registrations first, then deals, then leads, each by
 * id. Hits sharing no key (an index row changed meanwhile) are not conflicts.
 */
export function conflictsOf(keys: readonly string[], hits: readonly IndexHit[]): ChannelConflictV1[] {
  const mine = new Set(keys);
  const best = new Map<string, ChannelConflictV1>();
  for (const hit of hits) {
    let matchedOn: MatchKey | null = null;
    for (const key of hit.keys) {
      if (!mine.has(key)) continue;
      const kind = matchKeyOf(key);
      if (matchedOn === null || STRENGTH[kind] < STRENGTH[matchedOn]) matchedOn = kind;
    }
    if (matchedOn === null) continue;
    const id = `${hit.kind}:${hit.id}`;
    const seen = best.get(id);
    if (!seen || STRENGTH[matchedOn] < STRENGTH[seen.matchedOn]) best.set(id, { kind: hit.kind, id: hit.id, matchedOn });
  }
  return [...best.values()]
    .sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, MAX_CONFLICTS);
}

/**
 * The registrations among the hits that protect the customer now: approved, protection not yet over. First come,
 * first served: while one exists, another partner's registration is approved only by an override with a reason.
 */
export function protectingRegistrations(keys: readonly string[], hits: readonly IndexHit[], now: Date): IndexHit[] {
  const mine = new Set(keys);
  return hits.filter(
    (hit) =>
      hit.kind === 'registration' &&
      hit.status === 'approved' &&
      hit.protectedUntil != null &&
      hit.protectedUntil.getTime() > now.getTime() &&
      hit.keys.some((key) => mine.has(key)),
  );
}

/** The conflicts of `next` not already in `known` (by kind and id): what a re-check found anew. */
export function newConflicts(known: readonly ChannelConflictV1[], next: readonly ChannelConflictV1[]): ChannelConflictV1[] {
  const seen = new Set(known.map((conflict) => `${conflict.kind}:${conflict.id}`));
  return next.filter((conflict) => !seen.has(`${conflict.kind}:${conflict.id}`));
}

