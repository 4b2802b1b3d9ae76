import { Type } from 'class-transformer';
import { IsObject, IsUUID, ValidateNested } from 'class-validator';
import { ActorV1 } from '../common/envelope';

/** The most rows one import may carry (API.md, `POST /leads/import`). */
export const MAX_IMPORT_ROWS = 100_000;

export const IMPORT_FORMATS = ['csv', 'json'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** `failed`: a chunk kept failing (the rows before it stay imported; `lastError` says why). */
export const IMPORT_JOB_STATUSES = ['receiving', 'queued', 'running', 'completed', 'failed'] as const;
export type ImportJobStatus = (typeof IMPORT_JOB_STATUSES)[number];

/** Names one import job in the caller's scope: the request of `commit-lead-import` and `get-lead-import`. */
export class LeadImportJobRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsUUID()
  jobId!: string;
}
