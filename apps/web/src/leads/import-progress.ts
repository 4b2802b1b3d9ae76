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

/** The CSV column a field of POST /leads is written under (the gateway reads `name` as `contact.name`, and so on). */
const CSV_COLUMNS: Record<string, string> = {
  'contact.name': 'name',
  'contact.email': 'email',
  'contact.phone': 'phone',
  'company.name': 'company',
  'company.taxId': 'taxId',
};

export interface RejectedRow {
  row: number;
  /** As the file's header names it. */
  column: string;
  /** Every reason given for that cell, in the API's order. */
  reasons: string[];
}

/** The job's errors one line per row and column, named as the CSV's header names them; rows in order. */
export function rejectedRows(errors: ImportJobView['errors']): RejectedRow[] {
  const lines = new Map<string, RejectedRow>();
  for (const error of errors) {
    const column = CSV_COLUMNS[error.field] ?? error.field;
    const key = `${error.row}\u0000${column}`;
    const line = lines.get(key);
    if (line) line.reasons.push(error.message);
    else lines.set(key, { row: error.row, column, reasons: [error.message] });
  }
  return [...lines.values()].sort((a, b) => a.row - b.row);
}
