import { Type } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';
import { ActorV1 } from '../common/envelope';
import { defineRpc } from '../common/event-contract';
import { ReportFilterV1 } from './report-filter.v1';
import type { FunnelReportV1 } from './report.views';

export class GetFunnelRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsObject()
  @ValidateNested()
  @Type(() => ReportFilterV1)
  query!: ReportFilterV1;
}

/** `rpc.reporting.get-funnel.v1`: the funnel of `GET /reports/funnel`. */
export const GET_FUNNEL_V1 = defineRpc('reporting', 'get-funnel', 1, GetFunnelRequestV1).replies<FunnelReportV1>();
