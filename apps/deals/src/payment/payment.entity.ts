import { MONEY_TRANSFORMER } from '@saleswire/database';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity('payment')
export class PaymentEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  dealId!: string;

  @Column('numeric', { precision: 18, scale: 2, transformer: MONEY_TRANSFORMER })
  amount!: number;

  @Column('char', { length: 3 })
  currency!: string;

  @Column('timestamptz')
  paidAt!: Date;

  @Column('text', { nullable: true })
  reference!: string | null;

  @Column('text')
  recordedBy!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
