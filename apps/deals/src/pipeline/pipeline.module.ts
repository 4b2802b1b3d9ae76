import { Module } from '@nestjs/common';
import { PipelineRpcController } from './pipeline.rpc.controller';
import { PipelineService } from './pipeline.service';

@Module({
  controllers: [PipelineRpcController],
  providers: [PipelineService],
  exports: [PipelineService],
})
export class PipelineModule {}
