import { AggregateEntity, MONEY_TRANSFORMER } from '@saleswire/database';
import { Column, Entity } from 'typeorm';
import type { MarketingEventKind } from '@saleswire/contracts';

@Entity('marketing_event')
export class MarketingEventEntity extends AggregateEntity {
  @Column('text')
  name!: string;

  @Column('text')
  kind!: MarketingEventKind;

  /** `date` columns come back from pg as `YYYY-MM-DD` strings, which is what the API shows. */
  @Column('date')
  startsOn!: string;

  @Column('date')
  endsOn!: string;

  @Column('text', { nullable: true })
  city!: string | null;

  @Column('numeric', { precision: 18, scale: 2, nullable: true, transformer: MONEY_TRANSFORMER })
  cost!: number | null;

  @Column('char', { length: 3, nullable: true })
  currency!: string | null;

  @Column('text')
  createdBy!: string;
}
