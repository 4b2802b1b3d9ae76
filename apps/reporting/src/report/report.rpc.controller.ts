import { Payload } from '@nestjs/microservices';
import {
  GET_FORECAST_V1,
  GET_FUNNEL_V1,
  GET_MANAGERS_REPORT_V1,
  GET_PARTNERS_REPORT_V1,
  GET_SUMMARY_V1,
  type ForecastReportV1,
  type FunnelReportV1,
  type GetForecastRequestV1,
  type GetFunnelRequestV1,
  type GetManagersReportRequestV1,
  type GetPartnersReportRequestV1,
  type GetSummaryRequestV1,
  type ManagersReportV1,
  type PartnersReportV1,
  type SummaryReportV1,
} from '@saleswire/contracts';
import { ContractPipe, RpcController, RpcHandler } from '@saleswire/messaging';
import { ReportQueryService } from './report-query.service';

@RpcController()
export class ReportRpcController {
  constructor(private readonly reports: ReportQueryService) {}

  @RpcHandler(GET_FUNNEL_V1)
  funnel(@Payload(new ContractPipe(GET_FUNNEL_V1)) request: GetFunnelRequestV1): Promise<FunnelReportV1> {
    return this.reports.funnel(request.actor, request.query);
  }

  @RpcHandler(GET_SUMMARY_V1)
  summary(@Payload(new ContractPipe(GET_SUMMARY_V1)) request: GetSummaryRequestV1): Promise<SummaryReportV1> {
    return this.reports.summary(request.actor, request.query);
  }

  @RpcHandler(GET_MANAGERS_REPORT_V1)
  managers(@Payload(new ContractPipe(GET_MANAGERS_REPORT_V1)) request: GetManagersReportRequestV1): Promise<ManagersReportV1> {
    return this.reports.managers(request.actor, request.query);
  }

  @RpcHandler(GET_PARTNERS_REPORT_V1)
  partners(@Payload(new ContractPipe(GET_PARTNERS_REPORT_V1)) request: GetPartnersReportRequestV1): Promise<PartnersReportV1> {
    return this.reports.partners(request.actor, request.query);
  }

  @RpcHandler(GET_FORECAST_V1)
  forecast(@Payload(new ContractPipe(GET_FORECAST_V1)) request: GetForecastRequestV1): Promise<ForecastReportV1> {
    return this.reports.forecast(request.actor, request.query);
  }
}
