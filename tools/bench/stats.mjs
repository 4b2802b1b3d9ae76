// The benches' one rule for a percentile: percentile_cont, the value at fraction `p` of the sorted values,
// interpolated between neighbours. (tools/bench/reads.mjs keeps its nearest-rank rule, which its figures used.)

/** The `p` (0–1) percentile of `sorted` (ascending); NaN when there is none. */
export function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  const rank = p * (sorted.length - 1);
  const low = Math.floor(rank);
  return sorted[low] + (sorted[Math.min(low + 1, sorted.length - 1)] - sorted[low]) * (rank - low);
}

// The steady phases of the write benches: a share of the saturated rate, paced over enough connections to carry it.
// Issue 14 asks for the p99 at 80 % of the saturated rate; before 2026-12-02 (afternoon) the phases ran at half of it
// over 4 connections, which at ~25 ms a request carry at most ~160 req/s. 16 connections (until 2026-12-03) did not
// carry the warmed platform's 80 % either: autocannon paces each connection alone and one waiting for a slow answer
// falls behind, so 363 of 418 req/s were sent and the p99 (88 ms) was that of a lighter load than asked (32: 359 of
// 360, p99 160 ms).
export const STEADY_SHARE = Number(process.env.BENCH_STEADY_SHARE ?? 0.8);
export const STEADY_CONNECTIONS = Number(process.env.BENCH_STEADY_CONNECTIONS ?? 32);

/** The steady phase's rate for a saturated rate of `requestsPerSecond`. */
export function steadyRate(requestsPerSecond) {
  return Math.max(1, Math.round(requestsPerSecond * STEADY_SHARE));
}

/** How the steady phase is named in what a bench prints. */
export const STEADY_NAME = `${Math.round(STEADY_SHARE * 100)} % of the above, ${STEADY_CONNECTIONS} connections`;
