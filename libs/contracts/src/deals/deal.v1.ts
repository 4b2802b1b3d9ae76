import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO4217CurrencyCode,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ActorV1 } from '../common/envelope';
import { defineRpc } from '../common/event-contract';
import { ListQueryV1, type Page } from '../common/list';
import { DIRECTIONS, LEAD_SOURCES, type Direction, type LeadSource } from '../leads/lead.values';
import { GetByIdRequestV1 } from './customer.v1';
import { CHANNELS, DEAL_TYPES, type Channel, type DealType, type StageSemantics } from './deal.values';
import { MAX_AMOUNT } from '../common/money';

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

/** The body of `POST /api/v1/deals`. */
export class CreateDealInputV1 {
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title!: string;

  @IsUUID()
  customerId!: string;

  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(MAX_AMOUNT)
  amount!: number;

  @IsISO4217CurrencyCode()
  currency!: string;

  @IsOptional()
  @IsUUID()
  pipelineId?: string;

  @IsIn(DEAL_TYPES)
  type!: DealType;

  @IsIn(CHANNELS)
  channel!: Channel;

  @ValidateIf((deal: CreateDealInputV1) => deal.channel === 'indirect' || deal.partnerId !== undefined)
  @IsUUID(undefined, { message: 'partnerId must be a UUID and is required for an indirect deal' })
  partnerId?: string;

  @IsOptional()
  @IsUUID()
  ownerId?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  expectedCloseDate?: string;

  @IsOptional()
  @IsIn(DIRECTIONS)
  direction?: Direction;

  @IsOptional()
  @IsIn(LEAD_SOURCES)
  source?: LeadSource;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => DealTeamMemberV1)
  @ArrayMaxSize(50)
  team?: DealTeamMemberV1[];
}

export class CreateDealRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsObject()
  @ValidateNested()
  @Type(() => CreateDealInputV1)
  input!: CreateDealInputV1;
}

/** The body of `PATCH /api/v1/deals/{id}`: the fields that may change while the deal is open. */
export class UpdateDealInputV1 {
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title?: string;

  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(MAX_AMOUNT)
  amount?: number;

  @IsOptional()
  @IsISO4217CurrencyCode()
  currency?: string;

  @IsOptional()
  @IsUUID()
  ownerId?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  expectedCloseDate?: string;

  @IsOptional()
  @IsIn(DEAL_TYPES)
  type?: DealType;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => DealTeamMemberV1)
  @ArrayMaxSize(50)
  team?: DealTeamMemberV1[];
}

export class UpdateDealRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsUUID()
  id!: string;

  /** The version the caller last saw (`If-Match`); a stale one is answered 412. */
  @IsInt()
  @Min(1)
  expectedVersion!: number;

  @IsObject()
  @ValidateNested()
  @Type(() => UpdateDealInputV1)
  input!: UpdateDealInputV1;
}

/** The body of `POST /api/v1/deals/{id}/stage`. */
export class MoveDealStageInputV1 {
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  stage!: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason?: string;
}

export class MoveDealStageRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsUUID()
  id!: string;

  @IsObject()
  @ValidateNested()
  @Type(() => MoveDealStageInputV1)
  input!: MoveDealStageInputV1;
}

/** The body of `POST /api/v1/deals/{id}/payments`. */
export class RecordPaymentInputV1 {
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0.01)
  @Max(MAX_AMOUNT)
  amount!: number;

  @IsISO4217CurrencyCode()
  currency!: string;

  @IsISO8601({ strict: true })
  paidAt!: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  reference?: string;
}

export class RecordPaymentRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsUUID()
  id!: string;

  @IsObject()
  @ValidateNested()
  @Type(() => RecordPaymentInputV1)
  input!: RecordPaymentInputV1;
}

/** `GET /api/v1/deals?status=&ownerId=&customerId=&pipelineId=&channel=&partnerId=&limit=&cursor=`. */
export class ListDealsQueryV1 extends ListQueryV1 {
  @IsOptional()
  @IsIn(DEAL_STATUSES)
  status?: DealStatus;

  @IsOptional()
  @IsUUID()
  ownerId?: string;

  @IsOptional()
  @IsUUID()
  customerId?: string;

  @IsOptional()
  @IsUUID()
  pipelineId?: string;

  @IsOptional()
  @IsIn(CHANNELS)
  channel?: Channel;

  @IsOptional()
  @IsUUID()
  partnerId?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  createdFrom?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  createdTo?: string;

  /** Text search in the title. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class ListDealsRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsObject()
  @ValidateNested()
  @Type(() => ListDealsQueryV1)
  query!: ListDealsQueryV1;
}

export interface DealTeamMemberViewV1 {
  userId: string | null;
  partnerId: string | null;
  externalCompany: string | null;
  role: string;
}

export interface StageHistoryEntryV1 {
  fromStage: string | null;
  toStage: string;
  reason: string | null;
  changedBy: string;
  changedAt: string;
}

/** A deal as the deals service answers it. */
export interface DealViewV1 {
  id: string;
  title: string;
  customerId: string;
  pipelineId: string;
  stage: string;
  stageSemantics: StageSemantics;
  status: DealStatus;
  probability: number;
  amount: number | null;
  currency: string | null;
  paidAmount: number;
  type: DealType;
  channel: Channel;
  partnerId: string | null;
  ownerId: string | null;
  expectedCloseDate: string | null;
  direction: Direction | null;
  source: LeadSource | null;
  leadId: string | null;
  registrationId: string | null;
  isRepeat: boolean;
  lostReason: string | null;
  wonAt: string | null;
  closedAt: string | null;
  team: DealTeamMemberViewV1[];
  version: number;
  createdAt: string;
  updatedAt: string;
  /** Only in the answer of `GET /deals/{id}`: oldest first. */
  stageHistory?: StageHistoryEntryV1[];
}

export interface PaymentViewV1 {
  id: string;
  dealId: string;
  amount: number;
  currency: string;
  paidAt: string;
  reference: string | null;
  createdAt: string;
}

/** The answer of `POST /deals/{id}/payments`: the payment and the deal after it. */
export interface PaymentRecordedViewV1 {
  payment: PaymentViewV1;
  deal: DealViewV1;
}

export const CREATE_DEAL_V1 = defineRpc('deals', 'create-deal', 1, CreateDealRequestV1).replies<DealViewV1>();
export const LIST_DEALS_V1 = defineRpc('deals', 'list-deals', 1, ListDealsRequestV1).replies<Page<DealViewV1>>();
export const GET_DEAL_V1 = defineRpc('deals', 'get-deal', 1, GetByIdRequestV1).replies<DealViewV1>();
export const UPDATE_DEAL_V1 = defineRpc('deals', 'update-deal', 1, UpdateDealRequestV1).replies<DealViewV1>();
export const MOVE_DEAL_STAGE_V1 = defineRpc('deals', 'move-deal-stage', 1, MoveDealStageRequestV1).replies<DealViewV1>();
export const RECORD_PAYMENT_V1 = defineRpc('deals', 'record-payment', 1, RecordPaymentRequestV1).replies<PaymentRecordedViewV1>();
