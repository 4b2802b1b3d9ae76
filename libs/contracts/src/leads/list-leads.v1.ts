import { IsRegionCode } from '../common/regions';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsIsoDateTime } from '../common/dates';
import { ActorV1 } from '../common/envelope';
import { defineRpc } from '../common/event-contract';
import { ListQueryV1, type Page } from '../common/list';
import { DIRECTIONS, LEAD_SOURCES, LEAD_STATUSES, SEGMENTS, type Direction, type LeadSource, type LeadStatus, type Segment } from './lead.values';
import type { LeadDetailsV1 } from './lead.views';

const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

/** The query of `GET /api/v1/leads`: API.md's list conventions and the lead's filters. */
export const LEAD_LIST_ORDERS = ['newest', 'oldest'] as const;
export type LeadListOrder = (typeof LEAD_LIST_ORDERS)[number];

export class ListLeadsQueryV1 extends ListQueryV1 {
  @IsOptional()
  @IsIn(LEAD_STATUSES)
  status?: LeadStatus;

  @IsOptional()
  @IsIn(LEAD_SOURCES)
  source?: LeadSource;

  @IsOptional()
  @IsIn(DIRECTIONS)
  direction?: Direction;

  @IsOptional()
  @IsIn(SEGMENTS)
  segment?: Segment;

  /** The lead's assignee (API.md names owners `ownerId` in every list). */
  @IsOptional()
  @IsUUID()
  ownerId?: string;

  @IsOptional()
  @IsUUID()
  partnerId?: string;

  @IsOptional()
  @IsUUID()
  marketingEventId?: string;

  /** A country finds its subdivisions' leads too (`DE` finds `DE-BY`); a subdivision only its own. */
  @IsOptional()
  @IsRegionCode()
  region?: string;

  /** The customer the lead was matched to or converted into (a customer's history lists its leads). */
  @IsOptional()
  @IsUUID()
  customerId?: string;

  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  isRepeat?: boolean;

  @IsOptional()
  @IsIsoDateTime()
  createdFrom?: string;

  @IsOptional()
  @IsIsoDateTime()
  createdTo?: string;

  /** Text search over the contact's name, email and phone and the company's name and tax id. */
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  q?: string;

  /** `newest` first (the default), or `oldest` first: the leads waiting longest, as the dashboard shows them. */
  @IsOptional()
  @IsIn(LEAD_LIST_ORDERS)
  order?: LeadListOrder;
}

/** `rpc.leads.list-leads.v1`: a page of the leads the actor may see. Answers `Page<LeadDetailsV1>`. */
export class ListLeadsRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsObject()
  @ValidateNested()
  @Type(() => ListLeadsQueryV1)
  query!: ListLeadsQueryV1;
}

export const LIST_LEADS_V1 = defineRpc('leads', 'list-leads', 1, ListLeadsRequestV1).replies<Page<LeadDetailsV1>>();
