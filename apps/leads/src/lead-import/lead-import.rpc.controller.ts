import { Payload } from '@nestjs/microservices';
import { ContractPipe, RpcController, RpcHandler } from '@saleswire/messaging';
import {
  COMMIT_LEAD_IMPORT_V1,
  GET_LEAD_IMPORT_V1,
  STAGE_LEAD_IMPORT_ROWS_V1,
  START_LEAD_IMPORT_V1,
  type LeadImportJobRequestV1,
  type LeadImportJobViewV1,
  type StageLeadImportRowsRequestV1,
  type StartLeadImportRequestV1,
} from '@saleswire/contracts';
import { LeadImportService } from './lead-import.service';

@RpcController()
export class LeadImportRpcController {
  constructor(private readonly imports: LeadImportService) {}

  @RpcHandler(START_LEAD_IMPORT_V1)
  start(@Payload(new ContractPipe(START_LEAD_IMPORT_V1)) request: StartLeadImportRequestV1): Promise<LeadImportJobViewV1> {
    return this.imports.start(request.format, request.total, request.actor);
  }

  @RpcHandler(STAGE_LEAD_IMPORT_ROWS_V1)
  stage(@Payload(new ContractPipe(STAGE_LEAD_IMPORT_ROWS_V1)) request: StageLeadImportRowsRequestV1): Promise<LeadImportJobViewV1> {
    return this.imports.stage(request.jobId, request.firstRow, request.rows, request.actor);
  }

  @RpcHandler(COMMIT_LEAD_IMPORT_V1)
  commit(@Payload(new ContractPipe(COMMIT_LEAD_IMPORT_V1)) request: LeadImportJobRequestV1): Promise<LeadImportJobViewV1> {
    return this.imports.commit(request.jobId, request.actor);
  }

  @RpcHandler(GET_LEAD_IMPORT_V1)
  get(@Payload(new ContractPipe(GET_LEAD_IMPORT_V1)) request: LeadImportJobRequestV1): Promise<LeadImportJobViewV1> {
    return this.imports.get(request.jobId, request.actor);
  }
}
