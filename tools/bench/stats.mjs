// The benches' one rule for a percentile: percentile_cont, the value at fraction `p` of the sorted values,
// interpolated between neighbours. (tools/bench/reads.mjs keeps its nearest-rank rule, which its figures used.)

/** The `p` (0–1) percentile of `sorted` (ascending); NaN when there is none. */
export function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  const rank = p * (sorted.length - 1);
  const low = Math.floor(rank);
  return sorted[low] + (sorted[Math.min(low + 1, sorted.length - 1)] - sorted[low]) * (rank - low);
}

// The steady phases of the write benches: a share of the saturated rate, paced evenly (paced.mjs) over at most
// STEADY_CONNECTIONS kept-alive connections. Issue 14 asks for the p99 at 80 % of the saturated rate. Until
// 2026-12-03 (evening) these phases ran on autocannon's `overallRate`, which sends each connection's share of a second
// as fast as it is answered and then waits for the next second: a saturated burst, whose p50 and p99 were those of a
// saturated platform at STEADY_CONNECTIONS (docs/benchmarks.md).
export const STEADY_SHARE = Number(process.env.BENCH_STEADY_SHARE ?? 0.8);
export const STEADY_CONNECTIONS = Number(process.env.BENCH_STEADY_CONNECTIONS ?? 32);

/** The steady phase's rate for a saturated rate of `requestsPerSecond`. */
export function steadyRate(requestsPerSecond) {
  return Math.max(1, Math.round(requestsPerSecond * STEADY_SHARE));
}

/** How the steady phase is named in what a bench prints. */
export const STEADY_NAME = `${Math.round(STEADY_SHARE * 100)} % of the above, ${STEADY_CONNECTIONS} connections`;
