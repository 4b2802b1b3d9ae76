import type { FieldError } from '../common/problem';
import type { ImportFormat, ImportJobStatus } from './lead-import.values';

/** A row that was not imported: its number (1-based, the header of a CSV not counted), the field and why. */
export interface ImportRowErrorV1 extends FieldError {
  row: number;
}

/** `GET /api/v1/leads/import/{jobId}`. */
export interface LeadImportJobViewV1 {
  jobId: string;
  status: ImportJobStatus;
  format: ImportFormat;
  total: number;
  received: number;
  processed: number;
  accepted: number;
  rejected: number;
  errors: ImportRowErrorV1[];
  /** True when more rows failed than the job keeps errors for. */
  errorsTruncated: boolean;
  lastError: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}
