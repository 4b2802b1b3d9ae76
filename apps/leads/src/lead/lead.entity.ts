import type { Direction, LeadSource, LeadStatus, Segment } from '@saleswire/contracts';
import { AggregateEntity, MONEY_TRANSFORMER } from '@saleswire/database';
import { Column, Entity } from 'typeorm';

@Entity('lead')
export class LeadEntity extends AggregateEntity {
  @Column('text')
  status!: LeadStatus;

  @Column('text')
  contactName!: string;

  @Column('text', { nullable: true })
  contactEmail!: string | null;

  @Column('text', { nullable: true })
  contactPhone!: string | null;

  @Column('text', { nullable: true })
  companyName!: string | null;

  @Column('text', { nullable: true })
  companyTaxId!: string | null;

  @Column('text')
  source!: LeadSource;

  @Column('text')
  direction!: Direction;

  @Column('text')
  segment!: Segment;

  @Column('uuid', { nullable: true })
  marketingEventId!: string | null;

  @Column('text', { nullable: true })
  title!: string | null;

  @Column('numeric', { precision: 18, scale: 2, nullable: true, transformer: MONEY_TRANSFORMER })
  expectedAmount!: number | null;

  @Column('char', { length: 3, nullable: true })
  currency!: string | null;

  @Column('uuid', { nullable: true })
  assigneeId!: string | null;

  @Column('uuid', { nullable: true })
  partnerId!: string | null;

  /** ISO 3166-1/2 code, upper case. */
  @Column('text', { nullable: true })
  region!: string | null;

  @Column('text', { nullable: true })
  comment!: string | null;

  @Column('boolean', { default: false })
  isRepeat!: boolean;

  @Column('uuid', { nullable: true })
  customerId!: string | null;

  @Column('uuid', { nullable: true })
  duplicateOfId!: string | null;

  @Column('text')
  createdBy!: string;

  @Column('text', { nullable: true })
  statusReason!: string | null;

  /** Normalised keys for duplicates and repeat clients (duplicate/contact-identity.ts). */
  @Column('text', { nullable: true })
  emailNorm!: string | null;

  @Column('text', { nullable: true })
  phoneNorm!: string | null;

  @Column('text', { nullable: true })
  taxIdNorm!: string | null;

  @Column('uuid', { nullable: true })
  dealId!: string | null;

  @Column('timestamptz', { nullable: true })
  convertedAt!: Date | null;
}
