import type { PartnerKind, PartnerStatus, PartnerTier } from '@saleswire/contracts';
import { AggregateEntity } from '@saleswire/database';
import { Column, Entity } from 'typeorm';
import { RATE_TRANSFORMER } from '../common/rate.transformer';

@Entity('partner')
export class PartnerEntity extends AggregateEntity {
  @Column('text')
  name!: string;

  @Column('text')
  kind!: PartnerKind;

  @Column('text')
  tier!: PartnerTier;

  @Column('text')
  status!: PartnerStatus;

  /** Upper-case ISO 3166 codes, each once. */
  @Column('text', { array: true })
  territories!: string[];

  @Column('numeric', { precision: 5, scale: 4, transformer: RATE_TRANSFORMER })
  commissionRate!: number;

  /** Null: the tier decides the weight. */
  @Column('integer', { nullable: true })
  routingWeight!: number | null;

  /** Canonical web origins (CORS for the partner's users and keys), each once. */
  @Column('text', { array: true })
  allowedOrigins!: string[];

  @Column('text', { nullable: true })
  statusReason!: string | null;

  @Column('timestamptz', { nullable: true })
  statusChangedAt!: Date | null;

  @Column('text')
  createdBy!: string;
}
