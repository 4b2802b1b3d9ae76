import { Type } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';
import { ActorV1 } from '../common/envelope';
import { defineRpc } from '../common/event-contract';
import { ReportFilterV1 } from './report-filter.v1';
import type { SummaryReportV1 } from './report.views';

export class GetSummaryRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsObject()
  @ValidateNested()
  @Type(() => ReportFilterV1)
  query!: ReportFilterV1;
}

/** `rpc.reporting.get-summary.v1`: the figures of `GET /reports/summary`. */
export const GET_SUMMARY_V1 = defineRpc('reporting', 'get-summary', 1, GetSummaryRequestV1).replies<SummaryReportV1>();
