import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { ActorV1 } from '../common/envelope';
import { defineRpc } from '../common/event-contract';
import { ListQueryV1, type Page } from '../common/list';
import type { CustomerViewV1 } from './customer.views';
import { CUSTOMER_KINDS, type CustomerKind } from './deal.values';

/** `GET /api/v1/customers?q=&ownerId=&kind=&limit=&cursor=`. */
export class ListCustomersQueryV1 extends ListQueryV1 {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @IsOptional()
  @IsUUID()
  ownerId?: string;

  @IsOptional()
  @IsIn(CUSTOMER_KINDS)
  kind?: CustomerKind;
}

export class ListCustomersRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsObject()
  @ValidateNested()
  @Type(() => ListCustomersQueryV1)
  query!: ListCustomersQueryV1;
}

export const LIST_CUSTOMERS_V1 = defineRpc('deals', 'list-customers', 1, ListCustomersRequestV1).replies<Page<CustomerViewV1>>();
