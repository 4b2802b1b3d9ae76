import {
  IsEmail,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
} from 'class-validator';
import type { EventEnvelope } from '../common/envelope';
import { defineEvent } from '../common/event-contract';
import { CUSTOMER_KINDS, type CustomerKind } from './deal.values';

/**
 * `evt.deals.customer.created.v1`: a customer entered the client base (directly, from a converted lead, or
 * from a partner's registration). The leads service keeps these to recognise returning clients.
 */
export class CustomerCreatedV1 {
  @IsUUID()
  customerId!: string;

  @IsIn(CUSTOMER_KINDS)
  kind!: CustomerKind;

  @IsString()
  @IsNotEmpty()
  name!: string;

  /** Tax id as entered; consumers normalise it themselves. */
  @IsOptional()
  @IsString()
  taxId!: string | null;

  @IsOptional()
  @IsEmail()
  email!: string | null;

  @IsOptional()
  @IsString()
  phone!: string | null;

  /** The sales manager who owns the customer: repeat leads go to them. */
  @IsOptional()
  @IsUUID()
  ownerId!: string | null;

  @IsISO8601({ strict: true })
  createdAt!: string;
}

export const CUSTOMER_CREATED_V1 = defineEvent('deals.customer.created', 1, CustomerCreatedV1);

export const customerCreatedV1Fixture: EventEnvelope<CustomerCreatedV1> = {
  eventId: '01936f10-0000-7000-8000-00000000c001',
  type: CUSTOMER_CREATED_V1.type,
  version: CUSTOMER_CREATED_V1.version,
  occurredAt: '2026-03-05T09:00:00.000Z',
  producer: 'deals',
  aggregateId: '01936f10-0000-7000-8000-0000000c0001',
  aggregateVersion: 1,
  correlationId: 'c0ffee00-0000-4000-8000-000000000002',
  causationId: null,
  actor: { id: '01936f0e-8a4b-7c3d-9e2f-0000000000aa', role: 'manager', partnerId: null },
  payload: {
    customerId: '01936f10-0000-7000-8000-0000000c0001',
    kind: 'company',
    name: 'Northwind LLC',
    taxId: '7707083893',
    email: 'purchasing@northwind.example',
    phone: '+7 495 123-45-67',
    ownerId: '01936f0e-8a4b-7c3d-9e2f-0000000000aa',
    createdAt: '2026-03-05T09:00:00.000Z',
  },
};
