import type { CustomerKind } from '@saleswire/contracts';
import { AggregateEntity } from '@saleswire/database';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('customer')
export class CustomerEntity extends AggregateEntity {
  @Column('text')
  kind!: CustomerKind;

  @Column('text')
  name!: string;

  @Column('text', { nullable: true })
  taxId!: string | null;

  @Column('text', { nullable: true })
  email!: string | null;

  @Column('text', { nullable: true })
  phone!: string | null;

  /** Normalised matching keys (customer-match.policy.ts), each unique. */
  @Column('text', { nullable: true })
  taxIdKey!: string | null;

  @Column('text', { nullable: true })
  emailKey!: string | null;

  @Column('text', { nullable: true })
  phoneKey!: string | null;

  @Column('uuid', { nullable: true })
  ownerId!: string | null;

  @Column('text')
  createdBy!: string;
}

@Entity('customer_contact')
export class CustomerContactEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  customerId!: string;

  @Column('text')
  name!: string;

  @Column('text', { nullable: true })
  position!: string | null;

  @Column('text', { nullable: true })
  email!: string | null;

  @Column('text', { nullable: true })
  phone!: string | null;
}
