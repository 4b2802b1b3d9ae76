import { Type } from 'class-transformer';
import { IsInt, IsObject, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { ActorV1 } from '../common/envelope';
import { defineRpc } from '../common/event-contract';
import { ReportFilterV1 } from './report-filter.v1';
import type { ForecastReportV1 } from './report.views';

/** Query of `GET /api/v1/reports/forecast`: the report filters and how many months ahead (from `asOf`'s month). */
export class ForecastQueryV1 extends ReportFilterV1 {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(24)
  months?: number;
}

export class GetForecastRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsObject()
  @ValidateNested()
  @Type(() => ForecastQueryV1)
  query!: ForecastQueryV1;
}

/** `rpc.reporting.get-forecast.v1`: per expected close month, `GET /reports/forecast`. */
export const GET_FORECAST_V1 = defineRpc('reporting', 'get-forecast', 1, GetForecastRequestV1).replies<ForecastReportV1>();
