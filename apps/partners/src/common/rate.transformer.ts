/** numeric(5,4) rates come back from pg as strings; this maps them to a JS fraction (0.1 is 10 %). */
export const RATE_TRANSFORMER = {
  to: (value: number | null | undefined): string | null | undefined =>
    value === null || value === undefined ? value : value.toFixed(4),
  from: (value: string | null): number | null => (value === null ? null : Number(value)),
};
