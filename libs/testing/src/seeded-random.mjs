// Numbers that look random and come again in the same order for the same seed: the property tests' and the
// benches' data, shared by the TypeScript suites and `npm run bench`, which runs without a TypeScript step (types
// in seeded-random.d.mts).
//
// Until 2026-12-04 copies of `state = (state * 1103515245 + 12345) % 2 ** 31` stood in for it (one is left, in
// libs/messaging's contract-validator.spec.ts: that lib cannot depend on this one). In a double the product needs
// up to 61 bits, so its low bits were rounded away and the sequence soon ran in a loop: from seed 20,261,201, after
// 2,507 draws, a loop of 10,466. A deal of the reports bench was fixed by where in that loop its first draw fell:
// its 50,000 deals were 866 different deals (owner, amount, currency, dates, outcome), each some 58 times over,
// and the projection and the reports at 300,000 deals were measured on as few distinct rollup rows as 866 deals make.

/**
 * A generator of numbers in [0, 1) fixed by `seed` (mulberry32: its state steps through all 2^32 values before it
 * comes back to one).
 */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
