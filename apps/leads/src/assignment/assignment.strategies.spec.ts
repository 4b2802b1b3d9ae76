import {
  pickAssignee,
  pickLeastLoaded,
  pickRoundRobin,
  pickWeighted,
  weightedCycle,
  type RuleMember,
  type StrategyState,
} from './assignment.strategies';

const member = (userId: string, weight = 1, active = true): RuleMember => ({ userId, weight, active });
const START: StrategyState = { turn: 0 };

/** Runs a strategy `n` times, threading its state, and counts who got what. */
function run(n: number, pick: (state: StrategyState) => { userId: string; state: StrategyState } | null): { order: string[]; counts: Record<string, number> } {
  let state = START;
  const order: string[] = [];
  for (let i = 0; i < n; i++) {
    const result = pick(state);
    if (!result) break;
    order.push(result.userId);
    state = result.state;
  }
  const counts: Record<string, number> = {};
  for (const id of order) counts[id] = (counts[id] ?? 0) + 1;
  return { order, counts };
}

describe('assignment strategies', () => {
  const four = [member('a'), member('b'), member('c'), member('d')];

  it('should give each of 4 equal members exactly 250 of 1,000 leads when using round robin', () => {
    expect(run(1000, (s) => pickRoundRobin(four, s)).counts).toEqual({ a: 250, b: 250, c: 250, d: 250 });
  });

  it('should go through the members in the rule’s order when using round robin', () => {
    expect(run(6, (s) => pickRoundRobin(four, s)).order).toEqual(['a', 'b', 'c', 'd', 'a', 'b']);
  });

  it.each([
    ['round_robin' as const],
    ['weighted' as const],
    ['least_loaded' as const],
  ])('should never pick an inactive member when the strategy is %s', (strategy) => {
    const members = [member('a'), member('b', 5, false), member('c')];
    const { counts } = run(30, (s) => pickAssignee(strategy, members, s));
    expect(counts.b).toBeUndefined();
    expect((counts.a ?? 0) + (counts.c ?? 0)).toBe(30);
  });

  it.each([
    ['round_robin' as const, []],
    ['weighted' as const, [member('a', 1, false)]],
    ['least_loaded' as const, [member('a', 1, false)]],
  ])('should pick nobody when the %s rule has no active member', (strategy, members) => {
    expect(pickAssignee(strategy, members, START)).toBeNull();
  });

  it('should share leads in proportion to weights, evenly spread, when weighted', () => {
    const members = [member('a', 5), member('b', 1), member('c', 1)];
    const { order, counts } = run(70, (s) => pickWeighted(members, s));
    expect(counts).toEqual({ a: 50, b: 10, c: 10 });
    // Smooth: in every window of 7 decisions each member gets exactly its weight.
    const window = order.slice(7, 14);
    expect(window.filter((id) => id === 'a')).toHaveLength(5);
    expect(window.filter((id) => id === 'b')).toHaveLength(1);
  });

  it('should continue the weighted cycle from any turn, as replicas drawing turns from one sequence do', () => {
    const members = [member('a', 2), member('b', 1)];
    const fromZero = run(9, (s) => pickWeighted(members, s)).order;
    const fromFive = [5, 6, 7, 8].map((turn) => pickWeighted(members, { turn })!.userId);
    expect(fromFive).toEqual(fromZero.slice(5, 9));
    expect(weightedCycle(members)).toEqual(['a', 'b', 'a']);
  });

  it('should pick the member with the fewest open leads when least loaded', () => {
    const pick = pickLeastLoaded(four, START, { a: 3, b: 1, c: 2, d: 1 });
    expect(pick?.userId).toBe('b');
    expect(pick?.detail).toEqual({ openLeads: 1 });
  });

  it('should rotate among tied members when least loaded', () => {
    const loads = { a: 0, b: 0, c: 5, d: 5 };
    expect(run(4, (s) => pickLeastLoaded(four, s, loads)).order).toEqual(['a', 'b', 'a', 'b']);
  });

  it('should count a member with no leads as zero when least loaded', () => {
    expect(pickLeastLoaded(four, START, { a: 1, b: 1, c: 1 })?.userId).toBe('d');
  });
});
