import { Inject, Injectable } from '@nestjs/common';
import { type ActorV1, DEAL_CREATED_V1 } from '@saleswire/contracts';
import type { OutboxTransaction } from '@saleswire/messaging';
import type { EntityManager } from 'typeorm';
import { REPEAT_SALES_CONFIG } from '../common/deals-settings.module';
import type { RepeatSalesConfig } from '../config';
import { firstOpenStage, PipelineService } from '../pipeline/pipeline.service';
import type { DealEntity, DealTeamMemberEntity } from './deal.entity';
import { defaultPipelineKind, newDealFields, type OpenDealSpec } from './deal.factory';
import { DealHistory } from './deal.history';
import { toDealCreated } from './deal.mapper';
import { DealStore } from './deal.store';

export interface OpenedDeal {
  deal: DealEntity;
  team: DealTeamMemberEntity[];
}

/**
 * Opens deals, whichever way they open (by hand, from a converted lead or an approved registration, by the
 * repeat-sales rhythm): the one way in for the features that open deals.
 */
@Injectable()
export class DealOpener {
  constructor(
    private readonly pipelines: PipelineService,
    private readonly store: DealStore,
    private readonly history: DealHistory,
    @Inject(REPEAT_SALES_CONFIG) private readonly repeatSales: RepeatSalesConfig,
  ) {}

  /** Whether the deal with this id was opened already (whatever its stage now): an event naming it may come again. */
  wasOpened(manager: EntityManager, id: string): Promise<boolean> {
    return this.store.exists(manager, id);
  }

  /** Opens a deal in the first open stage of its pipeline and emits `deal.created`, in the caller's transaction. */
  async open(tx: OutboxTransaction, spec: OpenDealSpec, actor: ActorV1): Promise<OpenedDeal> {
    const manager = tx.manager;
    // A deployment that works new and returning customers alike (B2C) switches repeat detection off.
    const isRepeat = spec.isRepeat ?? (this.repeatSales.enabled && (await this.store.hasWonDeal(manager, spec.customerId)));
    const pipeline = spec.pipelineId
      ? await this.pipelines.get(manager, spec.pipelineId)
      : await this.pipelines.defaultOf(manager, defaultPipelineKind(isRepeat, spec.channel));
    const stage = firstOpenStage(pipeline);
    const openedAt = new Date();
    const deal = await this.store.insert(manager, newDealFields(spec, { pipelineId: pipeline.entity.id, stage, isRepeat }, actor));
    await this.history.record(manager, deal.id, { from: null, to: stage.code, reason: null, actor, at: openedAt });
    const team = await this.store.replaceTeam(manager, deal.id, spec.team ?? []);
    tx.emit(DEAL_CREATED_V1, { aggregateId: deal.id, aggregateVersion: deal.version, actor, payload: toDealCreated(deal) });
    return { deal, team };
  }
}
