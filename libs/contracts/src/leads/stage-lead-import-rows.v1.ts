import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsObject, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import { ActorV1 } from '../common/envelope';
import { ValidatedSeparately } from '../common/validation';
import { defineRpc } from '../common/event-contract';
import { MAX_IMPORT_ROWS } from './lead-import.values';
import type { LeadImportJobViewV1 } from './lead-import.views';

/** One slice of an import's rows (see `StartLeadImportRequestV1` for the steps). */
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

  /**
   * Each row as a lead's body (`CreateLeadInputV1`), unvalidated here: the job validates each row and reports a bad
   * one with its field. A number JSON cannot carry travels as a `NonFiniteNumberV1` (`encodeNonFiniteNumbers`).
   */
  @IsArray()
  @ValidatedSeparately()
  @ArrayMaxSize(MAX_IMPORT_ROWS)
  rows!: unknown[];
}

export const STAGE_LEAD_IMPORT_ROWS_V1 = defineRpc('leads', 'stage-lead-import-rows', 1, StageLeadImportRowsRequestV1).replies<LeadImportJobViewV1>();
