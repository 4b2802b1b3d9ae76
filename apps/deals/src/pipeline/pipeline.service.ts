import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PIPELINE_CREATED_V1, type ActorV1, type CreatePipelineInputV1, type PipelineKind, type PipelineViewV1 } from '@saleswire/contracts';
import { uuidv7 } from '@saleswire/database';
import { In, type DataSource, type EntityManager } from 'typeorm';
import type { StageRef } from '../deal/deal-stage.policy';
import { PipelineEntity, PipelineStageEntity } from './pipeline.entity';
import { pipelineStageErrors } from './pipeline-stages.policy';
import { DomainRuleError, ForbiddenError, NotFoundError, Outbox } from '@saleswire/messaging';

/** A pipeline with its stages in order. */
export interface Pipeline {
  entity: PipelineEntity;
  stages: PipelineStageEntity[];
}

/** Opens a deal in its first open stage; the won stage is where payments move a deal by themselves. */
export function firstOpenStage(pipeline: Pipeline): StageRef {
  const stage = pipeline.stages.find((candidate) => candidate.semantics === 'open');
  if (!stage) throw new Error(`pipeline ${pipeline.entity.id} has no open stage`);
  return stage;
}

export function wonStage(pipeline: Pipeline): StageRef {
  const stage = pipeline.stages.find((candidate) => candidate.semantics === 'won');
  if (!stage) throw new Error(`pipeline ${pipeline.entity.id} has no won stage`);
  return stage;
}

/** The stage a deal of this pipeline is in. */
export function stageOf(pipeline: Pipeline, code: string): StageRef {
  const stage = pipeline.stages.find((candidate) => candidate.code === code);
  if (!stage) throw new Error(`stage ${code} is not in pipeline ${pipeline.entity.id}`);
  return stage;
}

export function toPipelineView({ entity, stages }: Pipeline): PipelineViewV1 {
  return {
    id: entity.id,
    name: entity.name,
    kind: entity.kind,
    isDefault: entity.isDefault,
    requiresPayment: entity.requiresPayment,
    stages: stages.map((stage) => ({ code: stage.code, name: stage.name, semantics: stage.semantics, probability: stage.probability })),
    version: entity.version,
    createdAt: entity.createdAt.toISOString(),
  };
}

const MANAGES_PIPELINES: ReadonlyArray<ActorV1['role']> = ['admin', 'head_of_sales'];

@Injectable()
export class PipelineService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  async list(): Promise<PipelineViewV1[]> {
    const entities = await this.dataSource.manager.find(PipelineEntity, { order: { createdAt: 'ASC', id: 'ASC' } });
    const stages = entities.length
      ? await this.dataSource.manager.find(PipelineStageEntity, { where: { pipelineId: In(entities.map((p) => p.id)) }, order: { position: 'ASC' } })
      : [];
    return entities.map((entity) => toPipelineView({ entity, stages: stages.filter((stage) => stage.pipelineId === entity.id) }));
  }

  async create(input: CreatePipelineInputV1, actor: ActorV1): Promise<PipelineViewV1> {
    if (!MANAGES_PIPELINES.includes(actor.role)) throw new ForbiddenError('Only admins and heads of sales create pipelines.');
    const errors = pipelineStageErrors(input.stages);
    if (errors.length) throw new DomainRuleError('The stages do not make a usable pipeline.', errors);
    // A command (ADR 0010): the pipeline, its event and the request's idempotency key in one transaction.
    return this.outbox.command(async (tx) => {
      const { manager } = tx;
      const entity = await manager.save(
        manager.create(PipelineEntity, {
          id: uuidv7(),
          name: input.name.trim(),
          kind: input.kind,
          isDefault: false,
          requiresPayment: input.requiresPayment ?? true,
        }),
      );
      const stages = await manager.save(
        input.stages.map((stage, position) => manager.create(PipelineStageEntity, { ...stage, pipelineId: entity.id, position })),
      );
      const view = toPipelineView({ entity, stages });
      tx.emit(PIPELINE_CREATED_V1, {
        aggregateId: entity.id,
        aggregateVersion: entity.version,
        actor,
        payload: {
          pipelineId: view.id,
          name: view.name,
          kind: view.kind,
          isDefault: view.isDefault,
          requiresPayment: view.requiresPayment,
          stages: view.stages,
          createdAt: view.createdAt,
        },
      });
      return view;
    });
  }

  /** The pipeline with this id; a 422 naming `field` when there is none (it is an input of another record). */
  async get(manager: EntityManager, id: string, field = 'pipelineId'): Promise<Pipeline> {
    const entity = await manager.findOneBy(PipelineEntity, { id });
    if (!entity) throw new DomainRuleError('No such pipeline.', [{ field, message: `pipeline ${id} does not exist` }]);
    return { entity, stages: await this.stagesOf(manager, id) };
  }

  exists(manager: EntityManager, id: string): Promise<boolean> {
    return manager.existsBy(PipelineEntity, { id });
  }

  /** The default pipeline of a kind, falling back to the default `new_business` one. */
  async defaultOf(manager: EntityManager, kind: PipelineKind): Promise<Pipeline> {
    const entity =
      (await manager.findOneBy(PipelineEntity, { kind, isDefault: true })) ??
      (await manager.findOneBy(PipelineEntity, { kind: 'new_business', isDefault: true }));
    if (!entity) throw new NotFoundError('Pipeline', `default ${kind}`);
    return { entity, stages: await this.stagesOf(manager, entity.id) };
  }

  private stagesOf(manager: EntityManager, pipelineId: string): Promise<PipelineStageEntity[]> {
    return manager.find(PipelineStageEntity, { where: { pipelineId }, order: { position: 'ASC' } });
  }
}
