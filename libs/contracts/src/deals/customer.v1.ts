import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { ActorV1 } from '../common/envelope';
import { defineRpc } from '../common/event-contract';
import { ListQueryV1, type Page } from '../common/list';
import { CUSTOMER_KINDS, type CustomerKind } from './deal.values';

/** A person to talk to at a customer: the buyer, the accountant, the director. */
export class CustomerContactV1 {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  position?: string;

  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @IsOptional()
  @IsString()
  @Matches(/^\+?[0-9 ()\-.]{5,32}$/, { message: 'phone must be digits with optional +, spaces, dashes or brackets' })
  phone?: string;
}

/** The body of `POST /api/v1/customers` (API.md, Customers and deals). */
export class CreateCustomerInputV1 {
  @IsIn(CUSTOMER_KINDS)
  kind!: CustomerKind;

  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9 .-]{4,32}$/, { message: 'taxId must be 4 to 32 letters, digits, spaces, dots or dashes' })
  taxId?: string;

  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @IsOptional()
  @IsString()
  @Matches(/^\+?[0-9 ()\-.]{5,32}$/, { message: 'phone must be digits with optional +, spaces, dashes or brackets' })
  phone?: string;

  @IsOptional()
  @IsUUID()
  ownerId?: string;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => CustomerContactV1)
  @ArrayMaxSize(50)
  contacts?: CustomerContactV1[];
}

export class CreateCustomerRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsObject()
  @ValidateNested()
  @Type(() => CreateCustomerInputV1)
  input!: CreateCustomerInputV1;
}

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

/** Asks for one record by id, in the caller's scope. */
export class GetByIdRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsUUID()
  id!: string;
}

/** A customer as the deals service answers it. */
export interface CustomerViewV1 {
  id: string;
  kind: CustomerKind;
  name: string;
  taxId: string | null;
  email: string | null;
  phone: string | null;
  ownerId: string | null;
  contacts: CustomerContactViewV1[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface CustomerContactViewV1 {
  name: string;
  position: string | null;
  email: string | null;
  phone: string | null;
}

export const CREATE_CUSTOMER_V1 = defineRpc('deals', 'create-customer', 1, CreateCustomerRequestV1).replies<CustomerViewV1>();
export const LIST_CUSTOMERS_V1 = defineRpc('deals', 'list-customers', 1, ListCustomersRequestV1).replies<Page<CustomerViewV1>>();
export const GET_CUSTOMER_V1 = defineRpc('deals', 'get-customer', 1, GetByIdRequestV1).replies<CustomerViewV1>();
