import { Type } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';
import { ActorV1 } from '../common/envelope';
import { defineRpc } from '../common/event-contract';
import { ReportFilterV1 } from './report-filter.v1';
import type { PartnersReportV1 } from './report.views';

export class GetPartnersReportRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsObject()
  @ValidateNested()
  @Type(() => ReportFilterV1)
  query!: ReportFilterV1;
}

/** `rpc.reporting.get-partners-report.v1`: per partner, `GET /reports/partners`. */
export const GET_PARTNERS_REPORT_V1 = defineRpc('reporting', 'get-partners-report', 1, GetPartnersReportRequestV1).replies<PartnersReportV1>();
