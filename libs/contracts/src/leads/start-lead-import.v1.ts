import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, Max, Min, ValidateNested } from 'class-validator';
import { ActorV1 } from '../common/envelope';
import { defineCommand } from '../common/event-contract';
import { IMPORT_FORMATS, MAX_IMPORT_ROWS, type ImportFormat } from './lead-import.values';
import type { LeadImportJobViewV1 } from './lead-import.views';

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

export const START_LEAD_IMPORT_V1 = defineCommand('leads', 'start-lead-import', 1, StartLeadImportRequestV1).replies<LeadImportJobViewV1>();
