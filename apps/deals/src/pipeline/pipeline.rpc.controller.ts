import { Payload } from '@nestjs/microservices';
import {
  CREATE_PIPELINE_V1,
  type CreatePipelineRequestV1,
  LIST_PIPELINES_V1,
  type Page,
  type PipelineViewV1,
} from '@saleswire/contracts';
import { ContractPipe, RpcController, RpcHandler } from '@saleswire/messaging';
import { PipelineService } from './pipeline.service';

@RpcController()
export class PipelineRpcController {
  constructor(private readonly pipelines: PipelineService) {}

  @RpcHandler(LIST_PIPELINES_V1)
  async list(@Payload(new ContractPipe(LIST_PIPELINES_V1)) _request: unknown): Promise<Page<PipelineViewV1>> {
    return { items: await this.pipelines.list(), nextCursor: null }; // few enough to answer in one page
  }

  @RpcHandler(CREATE_PIPELINE_V1)
  create(@Payload(new ContractPipe(CREATE_PIPELINE_V1)) request: CreatePipelineRequestV1): Promise<PipelineViewV1> {
    return this.pipelines.create(request.input, request.actor);
  }
}
