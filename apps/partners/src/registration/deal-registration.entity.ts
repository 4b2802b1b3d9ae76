import type { ChannelConflictV1, DealRegistrationStatus, RegistrationOutcome } from '@saleswire/contracts';
import { AggregateEntity, MONEY_TRANSFORMER } from '@saleswire/database';
import { Column, Entity } from 'typeorm';

@Entity('deal_registration')
export class DealRegistrationEntity extends AggregateEntity {
  @Column('uuid')
  partnerId!: string;

  @Column('text')
  status!: DealRegistrationStatus;

  @Column('text')
  customerName!: string;

  @Column('text', { nullable: true })
  customerTaxId!: string | null;

  @Column('text', { nullable: true })
  customerEmail!: string | null;

  @Column('text', { nullable: true })
  customerWebsite!: string | null;

  @Column('text')
  title!: string;

  @Column('numeric', { precision: 18, scale: 2, transformer: MONEY_TRANSFORMER })
  expectedAmount!: number;

  @Column('char', { length: 3 })
  currency!: string;

  @Column('date')
  expectedCloseDate!: string;

  /** The customer's matching keys (channel-keys.ts): what other channels' records are compared with. */
  @Column('text', { array: true })
  keys!: string[];

  @Column('boolean')
  conflict!: boolean;

  /** Every conflict found, at submission and at approval: a conflict seen once stays on record. */
  @Column('jsonb')
  conflicts!: ChannelConflictV1[];

  @Column('integer', { nullable: true })
  protectionDays!: number | null;

  @Column('timestamptz', { nullable: true })
  protectedUntil!: Date | null;

  /** Days the protection was extended by; set once, which is all the extension allowed. */
  @Column('integer', { nullable: true })
  extendedDays!: number | null;

  /** The indirect deal the approval asked the deals service to open, with this id. */
  @Column('uuid', { nullable: true })
  dealId!: string | null;

  @Column('text', { nullable: true })
  decidedBy!: string | null;

  @Column('timestamptz', { nullable: true })
  decidedAt!: Date | null;

  @Column('text', { nullable: true })
  decisionReason!: string | null;

  @Column('text', { nullable: true })
  overrideBy!: string | null;

  @Column('text', { nullable: true })
  overrideReason!: string | null;

  @Column('timestamptz', { nullable: true })
  overrideAt!: Date | null;

  @Column('text', { nullable: true })
  outcome!: RegistrationOutcome | null;

  @Column('timestamptz', { nullable: true })
  closedAt!: Date | null;

  @Column('text')
  submittedBy!: string;

  /** The end of protection last announced as expiring (`deal-registration.expiring`); null until one was. */
  @Column('timestamptz', { nullable: true })
  expiringNoticedFor!: Date | null;
}
