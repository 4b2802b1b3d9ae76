/** What the import page shows of a job: the share of rows done (0–1) and whether it is still going. */
export interface ImportJobView {
  jobId: string;
  status: string;
  total: number;
  processed?: number;
  accepted: number;
  rejected: number;
  errors: Array<{ row: number; field: string; message: string }>;
  errorsTruncated?: boolean;
  lastError?: string | null;
}

const FINISHED = new Set(['completed', 'failed', 'done', 'finished']);

export function importFinished(job: ImportJobView): boolean {
  return FINISHED.has(job.status);
}

/** Rows done out of the total, 0 to 1; a finished job is 1 whatever its counts say. */
export function importShare(job: ImportJobView): number {
  if (importFinished(job)) return 1;
  if (job.total <= 0) return 0;
  const done = job.processed ?? job.accepted + job.rejected;
  return Math.min(1, done / job.total);
}
