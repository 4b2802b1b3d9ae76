// The benches' one rule for a percentile: percentile_cont, the value at fraction `p` of the sorted values,
// interpolated between neighbours. (tools/bench/reads.mjs keeps its nearest-rank rule, which its figures used.)

/** The `p` (0–1) percentile of `sorted` (ascending); NaN when there is none. */
export function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  const rank = p * (sorted.length - 1);
  const low = Math.floor(rank);
  return sorted[low] + (sorted[Math.min(low + 1, sorted.length - 1)] - sorted[low]) * (rank - low);
}
