import type { AssignmentStrategy } from '@saleswire/contracts';

export interface RuleMember {
  userId: string;
  weight: number;
  active: boolean;
}

/** Which decision this is: the n-th turn of the rule (the service draws turns from a database sequence). */
export interface StrategyState {
  turn: number;
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
 * Smooth weighted round robin over one cycle of `sum(weights)` turns: each turn every member earns its weight
 * in credits, the richest is picked and pays the total. The cycle repeats exactly, so the n-th decision is the
 * cycle's (n mod length)-th: no state to carry, each member gets exactly its weight in every run of a cycle's
 * length, evenly spread.
 */
export function weightedCycle(active: readonly RuleMember[]): string[] {
  const total = active.reduce((sum, member) => sum + member.weight, 0);
  const credits = new Map(active.map((member) => [member.userId, 0]));
  const cycle: string[] = [];
  for (let turn = 0; turn < total; turn++) {
    let best: RuleMember | null = null;
    for (const member of active) {
      credits.set(member.userId, credits.get(member.userId)! + member.weight);
      if (best === null || credits.get(member.userId)! > credits.get(best.userId)!) best = member;
    }
    credits.set(best!.userId, credits.get(best!.userId)! - total);
    cycle.push(best!.userId);
  }
  return cycle;
}

const cycles = new Map<string, string[]>();

/** Each active member in proportion to its weight, evenly spread (the cycle is computed once per member list). */
export function pickWeighted(members: readonly RuleMember[], state: StrategyState): Pick | null {
  const active = activeOf(members);
  if (active.length === 0) return null;
  const key = JSON.stringify(active.map((member) => [member.userId, member.weight]));
  let cycle = cycles.get(key);
  if (!cycle) {
    cycle = weightedCycle(active);
    if (cycles.size > 100) cycles.clear();
    cycles.set(key, cycle);
  }
  const userId = cycle[state.turn % cycle.length];
  const weight = active.find((member) => member.userId === userId)!.weight;
  return { userId, state: { turn: state.turn + 1 }, detail: { weight, totalWeight: cycle.length } };
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
