import type { Channel, DealStatus, DealType, Direction, LeadSource } from '@saleswire/contracts';
import { AggregateEntity, MONEY_TRANSFORMER } from '@saleswire/database';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('deal')
export class DealEntity extends AggregateEntity {
  @Column('text')
  title!: string;

  @Column('uuid')
  customerId!: string;

  @Column('uuid')
  pipelineId!: string;

  @Column('text')
  stage!: string;

  /** The semantics of `stage`, kept on the deal so that lists and rules filter without a join. */
  @Column('text')
  status!: DealStatus;

  @Column('integer')
  probability!: number;

  @Column('numeric', { precision: 18, scale: 2, nullable: true, transformer: MONEY_TRANSFORMER })
  amount!: number | null;

  @Column('char', { length: 3, nullable: true })
  currency!: string | null;

  @Column('numeric', { precision: 18, scale: 2, transformer: MONEY_TRANSFORMER })
  paidAmount!: number;

  @Column('text')
  type!: DealType;

  @Column('text')
  channel!: Channel;

  @Column('uuid', { nullable: true })
  partnerId!: string | null;

  @Column('uuid', { nullable: true })
  ownerId!: string | null;

  @Column('date', { nullable: true })
  expectedCloseDate!: string | null;

  @Column('text', { nullable: true })
  direction!: Direction | null;

  @Column('text', { nullable: true })
  source!: LeadSource | null;

  @Column('uuid', { nullable: true })
  marketingEventId!: string | null;

  @Column('uuid', { nullable: true })
  leadId!: string | null;

  @Column('uuid', { nullable: true })
  registrationId!: string | null;

  @Column('boolean')
  isRepeat!: boolean;

  @Column('text', { nullable: true })
  lostReason!: string | null;

  /** When the purchase was made: the payment that covered the amount, or the move to won. */
  @Column('timestamptz', { nullable: true })
  wonAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  closedAt!: Date | null;

  @Column('text')
  createdBy!: string;
}

@Entity('deal_stage_history')
export class DealStageHistoryEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  dealId!: string;

  @Column('text', { nullable: true })
  fromStage!: string | null;

  @Column('text')
  toStage!: string;

  @Column('text', { nullable: true })
  reason!: string | null;

  @Column('text')
  changedBy!: string;

  @Column('timestamptz')
  changedAt!: Date;
}

@Entity('deal_team_member')
export class DealTeamMemberEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  dealId!: string;

  @Column('uuid', { nullable: true })
  userId!: string | null;

  @Column('uuid', { nullable: true })
  partnerId!: string | null;

  @Column('text', { nullable: true })
  externalCompany!: string | null;

  @Column('text')
  role!: string;
}
