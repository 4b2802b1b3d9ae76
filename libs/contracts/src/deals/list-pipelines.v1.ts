import { Type } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';
import { ActorV1 } from '../common/envelope';
import { defineRpc } from '../common/event-contract';
import type { Page } from '../common/list';
import type { PipelineViewV1 } from './pipeline.views';

export class ListPipelinesRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;
}

export const LIST_PIPELINES_V1 = defineRpc('deals', 'list-pipelines', 1, ListPipelinesRequestV1).replies<Page<PipelineViewV1>>();
