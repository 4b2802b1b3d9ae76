import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsUUID,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { ActorV1 } from '../common/envelope';
import { defineRpc } from '../common/event-contract';
import type { FieldError } from '../common/problem';

/** The most rows one import may carry (API.md, `POST /leads/import`). */
export const MAX_IMPORT_ROWS = 100_000;

export const IMPORT_FORMATS = ['csv', 'json'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/**
 * An import travels in steps, because NATS messages are small (1 MB by default) and 100,000 rows are not:
 * `start` opens a job for `total` rows, `stage` hands over rows in slices (stored as they come), and `commit`
 * queues the job; the leads service then works through it in chunks and its progress can be read at any time.
 */
export class StartLeadImportRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsIn(IMPORT_FORMATS)
  format!: ImportFormat;

  @IsInt()
  @Min(1)
  @Max(MAX_IMPORT_ROWS)
  total!: number;
}

export class StageLeadImportRowsRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsUUID()
  jobId!: string;

  /** The 1-based number of the first row of this slice. */
  @IsInt()
  @Min(1)
  @Max(MAX_IMPORT_ROWS)
  firstRow!: number;

  /** Each row as a lead's body (`CreateLeadInputV1`), unvalidated: bad rows are reported by the job. */
  @IsArray()
  @ArrayMaxSize(MAX_IMPORT_ROWS)
  rows!: unknown[];
}

export class LeadImportJobRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsUUID()
  jobId!: string;
}

/** `failed`: a chunk kept failing (the rows before it stay imported; `lastError` says why). */
export const IMPORT_JOB_STATUSES = ['receiving', 'queued', 'running', 'completed', 'failed'] as const;
export type ImportJobStatus = (typeof IMPORT_JOB_STATUSES)[number];

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

export const START_LEAD_IMPORT_V1 = defineRpc('leads', 'start-lead-import', 1, StartLeadImportRequestV1).replies<LeadImportJobViewV1>();
export const STAGE_LEAD_IMPORT_ROWS_V1 = defineRpc('leads', 'stage-lead-import-rows', 1, StageLeadImportRowsRequestV1).replies<LeadImportJobViewV1>();
export const COMMIT_LEAD_IMPORT_V1 = defineRpc('leads', 'commit-lead-import', 1, LeadImportJobRequestV1).replies<LeadImportJobViewV1>();
export const GET_LEAD_IMPORT_V1 = defineRpc('leads', 'get-lead-import', 1, LeadImportJobRequestV1).replies<LeadImportJobViewV1>();
