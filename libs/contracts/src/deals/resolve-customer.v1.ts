import { Type } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { ActorV1 } from '../common/envelope';
import { defineRpc } from '../common/event-contract';
import { CUSTOMER_KINDS, type CustomerKind } from './deal.values';

export class CustomerIdentityV1 {
  @IsIn(CUSTOMER_KINDS)
  kind!: CustomerKind;

  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @IsOptional()
  @IsString()
  taxId?: string;

  @IsOptional()
  @IsEmail()
  email?: string;

  @IsOptional()
  @IsString()
  phone?: string;

  /** Owner for a customer that has to be created. */
  @IsOptional()
  @IsUUID()
  ownerId?: string;
}

/**
 * `rpc.deals.resolve-customer.v1`: the customer matching this identity (by tax id, email or phone), created
 * now if there is none. The deals service owns customers, so a lead's conversion asks it before committing
 * (docs/adr/0004-lead-conversion-ids.md). Answers `ResolvedCustomerV1`.
 */
export class ResolveCustomerRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsObject()
  @ValidateNested()
  @Type(() => CustomerIdentityV1)
  customer!: CustomerIdentityV1;
}

export interface ResolvedCustomerV1 {
  customerId: string;
  ownerId: string | null;
  /** False when an existing customer matched. */
  created: boolean;
}

export const RESOLVE_CUSTOMER_V1 = defineRpc('deals', 'resolve-customer', 1, ResolveCustomerRequestV1).replies<ResolvedCustomerV1>();
