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
import { defineCommand } from '../common/event-contract';
import type { CustomerViewV1 } from './customer.views';
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
  @IsObject({ each: true })
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

export const CREATE_CUSTOMER_V1 = defineCommand('deals', 'create-customer', 1, CreateCustomerRequestV1).replies<CustomerViewV1>();
