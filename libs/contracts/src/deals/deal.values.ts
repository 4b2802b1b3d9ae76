import { IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';

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

export const DEAL_STATUSES = ['open', 'won', 'lost'] as const;
export type DealStatus = (typeof DEAL_STATUSES)[number];

/** One member of a project deal's team: a user, a partner or an outside firm, with its role. */
export class DealTeamMemberV1 {
  @ValidateIf((member: DealTeamMemberV1) => !member.partnerId && !member.externalCompany)
  @IsUUID(undefined, { message: 'userId must be a UUID; a member is a userId, a partnerId or an externalCompany' })
  userId?: string;

  @IsOptional()
  @IsUUID()
  partnerId?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  externalCompany?: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  role!: string;
}
