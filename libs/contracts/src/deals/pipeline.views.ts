import type { PipelineKind, StageSemantics } from './deal.values';

export interface PipelineStageViewV1 {
  code: string;
  name: string;
  semantics: StageSemantics;
  probability: number;
}

export interface PipelineViewV1 {
  id: string;
  name: string;
  kind: PipelineKind;
  isDefault: boolean;
  requiresPayment: boolean;
  stages: PipelineStageViewV1[];
  version: number;
  createdAt: string;
}
