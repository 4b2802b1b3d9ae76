import type { LeadOfferStatus } from '@saleswire/contracts';
import { Column, Entity, PrimaryColumn, VersionColumn } from 'typeorm';

/** An offer of a lead to one partner (ADR 0011, lead offers). */
@Entity('lead_offer')
export class LeadOfferEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @VersionColumn()
  version!: number;

  @Column('uuid')
  leadId!: string;

  @Column('uuid')
  partnerId!: string;

  @Column('text')
  region!: string;

  @Column('integer')
  round!: number;

  @Column('text')
  status!: LeadOfferStatus;

  @Column('timestamptz')
  offeredAt!: Date;

  @Column('timestamptz')
  expiresAt!: Date;

  @Column('timestamptz', { nullable: true })
  decidedAt!: Date | null;

  @Column('text', { nullable: true })
  decidedBy!: string | null;

  @Column('text', { nullable: true })
  reason!: string | null;
}
