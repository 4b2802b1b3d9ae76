import { Type } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';
import { ActorV1 } from '../common/envelope';
import { defineRpc } from '../common/event-contract';
import { ReportFilterV1 } from './report-filter.v1';
import type { ManagersReportV1 } from './report.views';

export class GetManagersReportRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsObject()
  @ValidateNested()
  @Type(() => ReportFilterV1)
  query!: ReportFilterV1;
}

/** `rpc.reporting.get-managers-report.v1`: per manager, `GET /reports/managers`. */
export const GET_MANAGERS_REPORT_V1 = defineRpc('reporting', 'get-managers-report', 1, GetManagersReportRequestV1).replies<ManagersReportV1>();
