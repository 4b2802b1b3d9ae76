import type { AssignmentStrategy } from '@saleswire/contracts';

export interface RuleMember {
  userId: string;
  weight: number;
  active: boolean;
}

/** What the strategies remember between decisions: a turn counter and smooth-weighted credits. */
export interface StrategyState {
  turn: number;
  credits: Record<string, number>;
}

export interface Pick {
  userId: string;
  state: StrategyState;
  /** Why this member, for the ledger. */
  detail: Record<string, unknown>;
}

function activeOf(members: readonly RuleMember[]): RuleMember[] {
  return members.filter((member) => member.active);
}

/** Each active member in turn, in the rule's order. */
export function pickRoundRobin(members: readonly RuleMember[], state: StrategyState): Pick | null {
  const active = activeOf(members);
  if (active.length === 0) return null;
  const index = state.turn % active.length;
  return { userId: active[index].userId, state: { ...state, turn: state.turn + 1 }, detail: { turn: state.turn, of: active.length } };
}

/**
 * Smooth weighted round robin: every member earns its weight in credits each turn, the richest is picked and
 * pays the total. Over any run of `sum(weights)` turns each member gets exactly its weight, evenly spread.
 */
export function pickWeighted(members: readonly RuleMember[], state: StrategyState): Pick | null {
  const active = activeOf(members);
  if (active.length === 0) return null;
  const total = active.reduce((sum, member) => sum + member.weight, 0);
  const credits: Record<string, number> = {};
  let best: RuleMember | null = null;
  for (const member of active) {
    credits[member.userId] = (state.credits[member.userId] ?? 0) + member.weight;
    if (best === null || credits[member.userId] > credits[best.userId]) best = member;
  }
  credits[best!.userId] -= total;
  return {
    userId: best!.userId,
    state: { turn: state.turn + 1, credits },
    detail: { weight: best!.weight, totalWeight: total },
  };
}

/** The active member with the fewest open leads; ties go round in the rule's order. */
export function pickLeastLoaded(members: readonly RuleMember[], state: StrategyState, openLeads: Record<string, number>): Pick | null {
  const active = activeOf(members);
  if (active.length === 0) return null;
  const fewest = Math.min(...active.map((member) => openLeads[member.userId] ?? 0));
  const tied = active.filter((member) => (openLeads[member.userId] ?? 0) === fewest);
  const chosen = tied[state.turn % tied.length];
  return { userId: chosen.userId, state: { ...state, turn: state.turn + 1 }, detail: { openLeads: fewest } };
}

/** Applies the rule's strategy; null when no member is active (the lead stays unassigned). */
export function pickAssignee(
  strategy: AssignmentStrategy,
  members: readonly RuleMember[],
  state: StrategyState,
  openLeads: Record<string, number> = {},
): Pick | null {
  switch (strategy) {
    case 'round_robin':
      return pickRoundRobin(members, state);
    case 'weighted':
      return pickWeighted(members, state);
    case 'least_loaded':
      return pickLeastLoaded(members, state, openLeads);
  }
}
