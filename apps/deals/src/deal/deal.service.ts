import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type ActorV1,
  type Channel,
  type CreateDealInputV1,
  DEAL_CREATED_V1,
  DEAL_LOST_V1,
  DEAL_STAGE_CHANGED_V1,
  DEAL_UPDATED_V1,
  DEAL_WON_V1,
  type DealTeamMemberV1,
  type DealType,
  type DealViewV1,
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  type Direction,
  encodeCursor,
  type LeadSource,
  type ListDealsQueryV1,
  type MoveDealStageInputV1,
  type Page,
  type UpdatableDealField,
  type UpdateDealInputV1,
  type WonBy,
  isUuid,
} from '@saleswire/contracts';
import { schemaOf, tableOf, uuidv7 } from '@saleswire/database';
import { Outbox, type OutboxTransaction } from '@saleswire/messaging';
import { In, type DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { REPEAT_SALES_CONFIG } from '../common/deals-settings.module';
import { NotAllowedError, RecordNotFoundError, StaleVersionError } from '../common/deals.errors';
import { dealScope } from '../common/record-scope';
import type { RepeatSalesConfig } from '../config';
import { CustomerService } from '../customer/customer.service';
import { firstOpenStage, PipelineService, wonStage, type Pipeline } from '../pipeline/pipeline.service';
import { DealEntity, DealStageHistoryEntity, DealTeamMemberEntity } from './deal.entity';
import { DealRuleError, StageMoveRefusedError, UnknownCustomerError } from './deal.errors';
import { toDealFacts, toDealView } from './deal.mapper';
import { changeRefusal, customerLookupActor, openRefusal } from './deal-access.policy';
import { paymentsCover } from './deal-payment.policy';
import { decideStageMove, moveDeal, type StageRef } from './deal-stage.policy';
import { updateRefusal } from './deal-update.policy';

/** What opening a deal needs, whichever way it opens: by hand, from a lead, a registration or a repeat sale. */
export interface OpenDealSpec {
  id?: string;
  title: string;
  customerId: string;
  amount: number | null;
  currency: string | null;
  pipelineId?: string | null;
  type: DealType;
  channel: Channel;
  partnerId?: string | null;
  ownerId?: string | null;
  expectedCloseDate?: string | null;
  direction?: Direction | null;
  source?: LeadSource | null;
  marketingEventId?: string | null;
  leadId?: string | null;
  registrationId?: string | null;
  team?: DealTeamMemberV1[];
  /** A repeat deal opened by the rhythm is repeat by definition. */
  isRepeat?: boolean;
}

/** How a stage change happens, beyond the target stage. */
interface StageChange {
  reason: string | null;
  actor: ActorV1;
  wonBy?: WonBy;
  /** When the purchase was made (the covering payment's date); defaults to now. */
  wonAt?: Date;
}

/** Deals: opening, reading in scope, changing with If-Match, and moving through stages by the stage policy. */
@Injectable()
export class DealService {
  private readonly logger = new Logger(DealService.name);
  private readonly purchaseListeners: Array<(customerId: string) => Promise<void>> = [];

  constructor(
    private readonly outbox: Outbox,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly customers: CustomerService,
    private readonly pipelines: PipelineService,
    @Inject(REPEAT_SALES_CONFIG) private readonly repeatSales: RepeatSalesConfig,
  ) {}

  /** Registers work to do after a deal of a customer was won (the repeat-sales rhythm listens). */
  onPurchase(listener: (customerId: string) => Promise<void>): void {
    this.purchaseListeners.push(listener);
  }

  /** Tells the listeners that a customer made a purchase; runs after the commit, and a failure is only logged. */
  async notifyPurchase(customerId: string): Promise<void> {
    for (const listener of this.purchaseListeners) {
      await listener(customerId).catch((error: unknown) =>
        this.logger.warn({ msg: 'after-purchase work failed; the schedule will retry it', customerId, error: (error as Error).message }),
      );
    }
  }

  /** `POST /deals`. The customer must be one the caller can see. */
  async create(input: CreateDealInputV1, actor: ActorV1): Promise<DealViewV1> {
    const refusal = openRefusal(actor, input.channel);
    if (refusal) throw new NotAllowedError(refusal);
    return this.outbox.transaction(async (tx) => {
      await this.customers.findVisible(tx.manager, input.customerId, customerLookupActor(actor)).catch(() => {
        throw new UnknownCustomerError(input.customerId);
      });
      const opened = await this.openIn(tx, {
        ...input,
        ownerId: input.ownerId ?? (isUuid(actor.id) ? actor.id : null),
        partnerId: input.channel === 'indirect' ? input.partnerId : (input.partnerId ?? null),
      }, actor);
      return toDealView(opened.deal, opened.team);
    });
  }

  /** Opens a deal in the first open stage of its pipeline and emits `deal.created`, in the caller's transaction. */
  async openIn(tx: OutboxTransaction, spec: OpenDealSpec, actor: ActorV1): Promise<{ deal: DealEntity; team: DealTeamMemberEntity[] }> {
    const manager = tx.manager;
    // A deployment that works new and returning customers alike (B2C) switches repeat detection off.
    const isRepeat = spec.isRepeat ?? (this.repeatSales.enabled && (await this.hasWonDeal(manager, spec.customerId)));
    const pipeline = spec.pipelineId
      ? await this.pipelines.get(manager, spec.pipelineId)
      : await this.pipelines.defaultOf(manager, isRepeat ? 'repeat' : spec.channel === 'indirect' ? 'partner' : 'new_business');
    const stage = firstOpenStage(pipeline);
    const now = new Date();
    const id = spec.id ?? uuidv7();
    await manager.insert(
      DealEntity,
      manager.create(DealEntity, {
        id,
        title: spec.title.trim(),
        customerId: spec.customerId,
        pipelineId: pipeline.entity.id,
        stage: stage.code,
        status: 'open',
        probability: stage.probability,
        amount: spec.amount,
        currency: spec.amount === null && !spec.currency ? null : spec.currency,
        paidAmount: 0,
        type: spec.type,
        channel: spec.channel,
        partnerId: spec.partnerId ?? null,
        ownerId: spec.ownerId ?? null,
        expectedCloseDate: spec.expectedCloseDate?.slice(0, 10) ?? null,
        direction: spec.direction ?? null,
        source: spec.source ?? null,
        marketingEventId: spec.marketingEventId ?? null,
        leadId: spec.leadId ?? null,
        registrationId: spec.registrationId ?? null,
        isRepeat,
        lostReason: null,
        wonAt: null,
        closedAt: null,
        createdBy: actor.id,
      }),
    );
    const deal = await manager.findOneByOrFail(DealEntity, { id });
    await manager.insert(DealStageHistoryEntity, {
      id: uuidv7(),
      dealId: deal.id,
      fromStage: null,
      toStage: stage.code,
      reason: null,
      changedBy: actor.id,
      changedAt: now,
    });
    const team = await this.replaceTeam(manager, deal.id, spec.team ?? []);
    tx.emit(DEAL_CREATED_V1, {
      aggregateId: deal.id,
      aggregateVersion: deal.version,
      actor,
      payload: {
        ...toDealFacts(deal),
        title: deal.title,
        probability: deal.probability,
        expectedCloseDate: deal.expectedCloseDate,
        leadId: deal.leadId,
        registrationId: deal.registrationId,
        createdAt: deal.createdAt.toISOString(),
      },
    });
    return { deal, team };
  }

  async list(query: ListDealsQueryV1, actor: ActorV1): Promise<Page<DealViewV1>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const qb = this.scoped(this.dataSource.manager, actor);
    const filters: Array<[keyof ListDealsQueryV1, string]> = [
      ['status', 'status'],
      ['ownerId', 'owner_id'],
      ['customerId', 'customer_id'],
      ['pipelineId', 'pipeline_id'],
      ['channel', 'channel'],
      ['partnerId', 'partner_id'],
    ];
    for (const [field, column] of filters) {
      const value = query[field];
      if (value !== undefined) qb.andWhere(`d.${column} = :${field}`, { [field]: value });
    }
    if (query.createdFrom) qb.andWhere('d.created_at >= :createdFrom', { createdFrom: query.createdFrom });
    if (query.createdTo) qb.andWhere('d.created_at < :createdTo', { createdTo: query.createdTo });
    if (query.q) qb.andWhere('d.title ILIKE :q', { q: `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
    const after = decodeCursor(query.cursor);
    if (typeof after?.id === 'string') qb.andWhere('d.id < :after', { after: after.id });
    const rows = await qb.orderBy('d.id', 'DESC').take(limit + 1).getMany();
    const page = rows.slice(0, limit);
    const items = await this.views(this.dataSource.manager, page);
    return { items, nextCursor: rows.length > limit ? encodeCursor({ id: page[page.length - 1].id }) : null };
  }

  /** `GET /deals/{id}` with its stage history, oldest first. */
  async get(id: string, actor: ActorV1): Promise<DealViewV1> {
    const manager = this.dataSource.manager;
    const deal = await this.scoped(manager, actor).andWhere('d.id = :id', { id }).getOne();
    if (!deal) throw new RecordNotFoundError('Deal', id);
    const [team, history] = await Promise.all([
      manager.find(DealTeamMemberEntity, { where: { dealId: id }, order: { id: 'ASC' } }),
      manager.find(DealStageHistoryEntity, { where: { dealId: id }, order: { changedAt: 'ASC', id: 'ASC' } }),
    ]);
    return toDealView(deal, team, history);
  }

  /** The deals of a customer, newest first, in the caller's scope. */
  async ofCustomer(customerId: string, actor: ActorV1): Promise<DealViewV1[]> {
    const rows = await this.scoped(this.dataSource.manager, actor)
      .andWhere('d.customer_id = :customerId', { customerId })
      .orderBy('d.id', 'DESC')
      .getMany();
    return this.views(this.dataSource.manager, rows);
  }

  /**
   * `PATCH /deals/{id}` with `If-Match`: 412 when the version moved on; the money of a closed deal stays. An
   * amount lowered to what is paid already wins the deal by itself, as a covering payment would.
   */
  async update(id: string, expectedVersion: number, input: UpdateDealInputV1, actor: ActorV1): Promise<DealViewV1> {
    const refusal = changeRefusal(actor, 'change');
    if (refusal) throw new NotAllowedError(refusal);
    const result = await this.outbox.transaction(async (tx) => {
      const deal = await this.lockVisible(tx.manager, id, actor);
      if (deal.version !== expectedVersion) throw new StaleVersionError(deal.version, expectedVersion);
      const ruleRefusal = updateRefusal(deal, input);
      if (ruleRefusal) throw new DealRuleError(ruleRefusal);
      const changed: UpdatableDealField[] = [];
      const set = <K extends keyof DealEntity>(field: UpdatableDealField, key: K, value: DealEntity[K] | undefined): void => {
        if (value === undefined || value === deal[key] || (key === 'currency' && value === deal.currency?.trim())) return;
        deal[key] = value;
        changed.push(field);
      };
      set('title', 'title', input.title?.trim());
      set('amount', 'amount', input.amount);
      set('currency', 'currency', input.currency);
      set('ownerId', 'ownerId', input.ownerId);
      set('expectedCloseDate', 'expectedCloseDate', input.expectedCloseDate?.slice(0, 10));
      set('type', 'type', input.type);
      if (input.team !== undefined) {
        await this.replaceTeam(tx.manager, deal.id, input.team);
        changed.push('team');
      }
      const team = (): Promise<DealTeamMemberEntity[]> => tx.manager.find(DealTeamMemberEntity, { where: { dealId: id }, order: { id: 'ASC' } });
      if (changed.length === 0) return { view: toDealView(deal, await team()), won: false };

      let stageChange: ReturnType<DealService['changeStage']> | undefined;
      if (deal.status === 'open' && changed.includes('amount') && deal.paidAmount > 0 && paymentsCover(deal.amount, deal.paidAmount)) {
        const pipeline = await this.pipelines.get(tx.manager, deal.pipelineId);
        const [{ paid_at }]: Array<{ paid_at: Date }> = await tx.manager.query(
          `SELECT max(paid_at) AS paid_at FROM ${tableOf(this.dataSource, 'payment')} WHERE deal_id = $1`,
          [deal.id],
        );
        stageChange = this.changeStage(deal, wonStage(pipeline), { reason: null, actor, wonBy: 'payment', wonAt: new Date(paid_at) });
      }
      const saved = await this.persist(tx.manager, deal);
      tx.emit(DEAL_UPDATED_V1, {
        aggregateId: saved.id,
        aggregateVersion: saved.version,
        actor,
        payload: {
          ...toDealFacts(saved),
          title: saved.title,
          probability: saved.probability,
          expectedCloseDate: saved.expectedCloseDate,
          changed,
          updatedAt: saved.updatedAt.toISOString(),
        },
      });
      if (stageChange) {
        await this.recordHistory(tx.manager, saved, stageChange.from, null, actor);
        stageChange.publish(tx, saved);
      }
      return { view: toDealView(saved, await team()), won: stageChange !== undefined };
    });
    if (result.won) await this.notifyPurchase(result.view.customerId);
    return result.view;
  }

  /** `POST /deals/{id}/stage`, by the stage policy. */
  async moveStage(id: string, input: MoveDealStageInputV1, actor: ActorV1): Promise<DealViewV1> {
    const refusal = changeRefusal(actor, 'move');
    if (refusal) throw new NotAllowedError(refusal);
    const view = await this.outbox.transaction(async (tx) => {
      const deal = await this.lockVisible(tx.manager, id, actor);
      const pipeline = await this.pipelines.get(tx.manager, deal.pipelineId);
      const decision = decideStageMove({
        current: stageOf(pipeline, deal.stage),
        target: pipeline.stages.find((stage) => stage.code === input.stage),
        reason: input.reason,
        amount: deal.amount,
        paid: deal.paidAmount,
        requiresPayment: pipeline.entity.requiresPayment,
      });
      if (!decision.allowed) throw new StageMoveRefusedError(decision);
      const emit = this.changeStage(deal, decision.target, { reason: input.reason?.trim() ?? null, actor, wonBy: 'hand' });
      const saved = await this.persist(tx.manager, deal);
      await this.recordHistory(tx.manager, saved, emit.from, input.reason?.trim() ?? null, actor);
      emit.publish(tx, saved);
      const team = await tx.manager.find(DealTeamMemberEntity, { where: { dealId: id }, order: { id: 'ASC' } });
      return toDealView(saved, team);
    });
    if (view.status === 'won') await this.notifyPurchase(view.customerId);
    return view;
  }

  /**
   * Moves a deal to `target` in memory and answers how to publish the change once the deal is saved:
   * `stage-changed`, plus `won` or `lost` when the stage closes the deal.
   */
  changeStage(deal: DealEntity, target: StageRef, change: StageChange): { from: string; publish: (tx: OutboxTransaction, saved: DealEntity) => void } {
    const { from, fromSemantics, at: now } = moveDeal(deal, target, change);
    const publish = (tx: OutboxTransaction, saved: DealEntity): void => {
      const envelope = { aggregateId: saved.id, aggregateVersion: saved.version, actor: change.actor };
      const facts = toDealFacts(saved);
      tx.emit(DEAL_STAGE_CHANGED_V1, {
        ...envelope,
        payload: {
          ...facts,
          fromStage: from,
          fromSemantics,
          semantics: target.semantics,
          probability: target.probability,
          reason: change.reason,
          changedAt: now.toISOString(),
        },
      });
      if (target.semantics === 'won') {
        tx.emit(DEAL_WON_V1, {
          ...envelope,
          payload: { ...facts, paidAmount: saved.paidAmount, wonBy: change.wonBy ?? 'hand', wonAt: saved.wonAt!.toISOString() },
        });
      }
      if (target.semantics === 'lost') {
        tx.emit(DEAL_LOST_V1, { ...envelope, payload: { ...facts, reason: change.reason ?? '', fromStage: from, lostAt: now.toISOString() } });
      }
    };
    return { from, publish };
  }

  async recordHistory(manager: EntityManager, deal: DealEntity, from: string, reason: string | null, actor: ActorV1): Promise<void> {
    await manager.insert(DealStageHistoryEntity, {
      id: uuidv7(),
      dealId: deal.id,
      fromStage: from,
      toStage: deal.stage,
      reason,
      changedBy: actor.id,
      changedAt: new Date(),
    });
  }

  /** Writes the deal's columns back; every write moves its version by one (and `updated_at`). */
  async persist(manager: EntityManager, deal: DealEntity): Promise<DealEntity> {
    const { id, version: _version, createdAt: _createdAt, updatedAt: _updatedAt, ...changes } = deal;
    await manager.update(DealEntity, { id }, changes);
    return manager.findOneByOrFail(DealEntity, { id });
  }

  /** The deal locked for change, if it exists and the actor may see it; otherwise a 404. */
  async lockVisible(manager: EntityManager, id: string, actor: ActorV1): Promise<DealEntity> {
    const deal = await this.scoped(manager, actor).andWhere('d.id = :id', { id }).setLock('pessimistic_write').getOne();
    if (!deal) throw new RecordNotFoundError('Deal', id);
    return deal;
  }

  async hasWonDeal(manager: EntityManager, customerId: string): Promise<boolean> {
    return manager.exists(DealEntity, { where: { customerId, status: 'won' } });
  }

  private scoped(manager: EntityManager, actor: ActorV1): SelectQueryBuilder<DealEntity> {
    const qb = manager.getRepository(DealEntity).createQueryBuilder('d');
    const scope = dealScope(actor, 'd', schemaOf(this.dataSource));
    if (scope) qb.where(scope.sql, scope.params);
    return qb;
  }

  private async views(manager: EntityManager, deals: DealEntity[]): Promise<DealViewV1[]> {
    if (deals.length === 0) return [];
    const team = await manager.find(DealTeamMemberEntity, { where: { dealId: In(deals.map((d) => d.id)) }, order: { id: 'ASC' } });
    return deals.map((deal) => toDealView(deal, team.filter((member) => member.dealId === deal.id)));
  }

  private async replaceTeam(manager: EntityManager, dealId: string, team: DealTeamMemberV1[]): Promise<DealTeamMemberEntity[]> {
    await manager.delete(DealTeamMemberEntity, { dealId });
    const members = team.map((member) =>
      manager.create(DealTeamMemberEntity, {
        id: uuidv7(),
        dealId,
        userId: member.userId ?? null,
        partnerId: member.partnerId ?? null,
        externalCompany: member.externalCompany?.trim() ?? null,
        role: member.role.trim(),
      }),
    );
    if (members.length) await manager.insert(DealTeamMemberEntity, members);
    return members;
  }
}

/** The deal's current stage in its pipeline. */
export function stageOf(pipeline: Pipeline, code: string): StageRef {
  const stage = pipeline.stages.find((candidate) => candidate.code === code);
  if (!stage) throw new Error(`stage ${code} is not in pipeline ${pipeline.entity.id}`);
  return stage;
}
