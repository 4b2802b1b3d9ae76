import { Inject, Injectable } from '@nestjs/common';
import { type ActorV1, DEAL_CREATED_V1 } from '@saleswire/contracts';
import type { OutboxTransaction } from '@saleswire/messaging';
import type { EntityManager } from 'typeorm';
import { REPEAT_SALES_CONFIG } from '../common/deals-settings.module';
import type { RepeatSalesConfig } from '../config';
import { firstOpenStage, type Pipeline, PipelineService } from '../pipeline/pipeline.service';
import type { DealEntity, DealTeamMemberEntity } from './deal.entity';
import { defaultPipelineKind, newDealFields, type NewDealFields, type OpenDealSpec } from './deal.factory';
import type { StageRef } from './deal-stage.policy';
import { DealHistory } from './deal.history';
import { toDealCreated } from './deal.mapper';
import { DealStore } from './deal.store';

export interface OpenedDeal {
  deal: DealEntity;
  team: DealTeamMemberEntity[];
}

/** One of the deals `openMany` opens: its spec, who opens it, and the context its event is emitted in. */
export interface DealToOpen {
  spec: OpenDealSpec;
  actor: ActorV1;
  /** Runs `fn` in the request that asked for this deal (its correlation), as a grouped command's `within`. */
  within?: <T>(fn: () => T) => T;
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
    const [opened] = await this.openMany(tx, [{ spec, actor }]);
    return opened;
  }

  /**
   * Opens deals together (a group of commands, issue 14), as `open` opens each: one look-up of the customers'
   * won deals, one of each pipeline they go to, one insert each of the deals, their first stages and their teams.
   * Each `deal.created` is emitted in its own request's context. Answers the deals in the order given.
   */
  async openMany(tx: OutboxTransaction, deals: readonly DealToOpen[]): Promise<OpenedDeal[]> {
    const manager = tx.manager;
    // A deployment that works new and returning customers alike (B2C) switches repeat detection off.
    const asked = deals.filter(({ spec }) => spec.isRepeat === undefined && this.repeatSales.enabled).map(({ spec }) => spec.customerId);
    const returning = await this.store.withWonDeals(manager, asked);
    // One look-up per pipeline the deals go to.
    const pipelines = new Map<string, Pipeline>();
    const pipelineOf = async (spec: OpenDealSpec, isRepeat: boolean): Promise<Pipeline> => {
      const kind = defaultPipelineKind(isRepeat, spec.channel);
      const key = spec.pipelineId ? `id:${spec.pipelineId}` : `default:${kind}`;
      let pipeline = pipelines.get(key);
      if (!pipeline) {
        pipeline = spec.pipelineId ? await this.pipelines.get(manager, spec.pipelineId) : await this.pipelines.defaultOf(manager, kind);
        pipelines.set(key, pipeline);
      }
      return pipeline;
    };
    const placed: Array<{ fields: NewDealFields; stage: StageRef }> = [];
    for (const { spec, actor } of deals) {
      const isRepeat = spec.isRepeat ?? (this.repeatSales.enabled && returning.has(spec.customerId));
      const pipeline = await pipelineOf(spec, isRepeat);
      const stage = firstOpenStage(pipeline);
      placed.push({ fields: newDealFields(spec, { pipelineId: pipeline.entity.id, stage, isRepeat }, actor), stage });
    }
    const openedAt = new Date();
    const inserted = await this.store.insertMany(manager, placed.map(({ fields }) => fields));
    await this.history.recordMany(
      manager,
      inserted.map((deal, i) => ({ dealId: deal.id, from: null, to: placed[i].stage.code, reason: null, actor: deals[i].actor, at: openedAt })),
    );
    const teams = await this.store.addTeams(manager, inserted.map((deal, i) => ({ dealId: deal.id, team: deals[i].spec.team ?? [] })));
    return inserted.map((deal, i) => {
      const { actor, within = (fn) => fn() } = deals[i];
      within(() => tx.emit(DEAL_CREATED_V1, { aggregateId: deal.id, aggregateVersion: deal.version, actor, payload: toDealCreated(deal) }));
      return { deal, team: teams[i] };
    });
  }
}
