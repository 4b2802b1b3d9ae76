export const CUSTOMER_KINDS = ['company', 'person'] as const;
export type CustomerKind = (typeof CUSTOMER_KINDS)[number];

export const DEAL_TYPES = ['transactional', 'consultative', 'project'] as const;
export type DealType = (typeof DEAL_TYPES)[number];

export const CHANNELS = ['direct', 'indirect'] as const;
export type Channel = (typeof CHANNELS)[number];

export const PIPELINE_KINDS = ['new_business', 'repeat', 'partner', 'project'] as const;
export type PipelineKind = (typeof PIPELINE_KINDS)[number];

export const STAGE_SEMANTICS = ['open', 'won', 'lost'] as const;
export type StageSemantics = (typeof STAGE_SEMANTICS)[number];
