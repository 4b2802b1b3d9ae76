import type { CommissionStatus } from '@saleswire/contracts';
import { AggregateEntity, MONEY_TRANSFORMER } from '@saleswire/database';
import { Column, Entity } from 'typeorm';
import { RATE_TRANSFORMER } from '../common/rate.transformer';

@Entity('commission')
export class CommissionEntity extends AggregateEntity {
  @Column('uuid')
  partnerId!: string;

  @Column('uuid')
  dealId!: string;

  @Column('uuid', { nullable: true })
  registrationId!: string | null;

  /** The deal's paid amount when it was won. */
  @Column('numeric', { precision: 18, scale: 2, transformer: MONEY_TRANSFORMER })
  baseAmount!: number;

  @Column('numeric', { precision: 5, scale: 4, transformer: RATE_TRANSFORMER })
  rate!: number;

  @Column('numeric', { precision: 18, scale: 2, transformer: MONEY_TRANSFORMER })
  amount!: number;

  @Column('char', { length: 3 })
  currency!: string;

  @Column('text')
  status!: CommissionStatus;

  @Column('timestamptz')
  wonAt!: Date;

  @Column('timestamptz')
  accruedAt!: Date;

  @Column('timestamptz', { nullable: true })
  approvedAt!: Date | null;

  @Column('text', { nullable: true })
  approvedBy!: string | null;

  @Column('text', { nullable: true })
  note!: string | null;

  @Column('timestamptz', { nullable: true })
  paidAt!: Date | null;

  @Column('text', { nullable: true })
  paidBy!: string | null;

  @Column('text', { nullable: true })
  reference!: string | null;
}
