import type { PipelineKind, StageSemantics } from '@saleswire/contracts';
import { AggregateEntity } from '@saleswire/database';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('pipeline')
export class PipelineEntity extends AggregateEntity {
  @Column('text')
  name!: string;

  @Column('text')
  kind!: PipelineKind;

  @Column('boolean')
  isDefault!: boolean;

  @Column('boolean')
  requiresPayment!: boolean;
}

@Entity('pipeline_stage')
export class PipelineStageEntity {
  @PrimaryColumn('uuid')
  pipelineId!: string;

  @PrimaryColumn('text')
  code!: string;

  @Column('text')
  name!: string;

  @Column('text')
  semantics!: StageSemantics;

  @Column('integer')
  probability!: number;

  @Column('integer')
  position!: number;
}
