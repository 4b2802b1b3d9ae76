import { Injectable } from '@nestjs/common';
import {
  type ActorV1,
  DEAL_UPDATED_V1,
  type DealViewV1,
  type UpdatableDealField,
  type UpdateDealInputV1,
} from '@saleswire/contracts';
import type { DealEntity } from './deal.entity';
import { assertDealVersion, DealRuleError } from './deal.errors';
import { toDealUpdated, toDealView } from './deal.mapper';
import { DealStore } from './deal.store';
import { DealTransactions } from './deal.transactions';
import { changeRefusal } from './deal-access.policy';
import { DealSettlementService } from './deal-settlement.service';
import { DealStageRecorder } from './deal-stage.recorder';
import { updateRefusal } from './deal-update.policy';
import { ForbiddenError, UserDirectory } from '@saleswire/messaging';
import { dealUserReferences } from './deal-users';

/** `PATCH /deals/{id}` with `If-Match`: a deal's own fields and team. */
@Injectable()
export class DealUpdateService {
  constructor(
    private readonly transactions: DealTransactions,
    private readonly store: DealStore,
    private readonly settlement: DealSettlementService,
    private readonly recorder: DealStageRecorder,
    private readonly directory: UserDirectory,
  ) {}

  /**
   * 412 when the version moved on; the money of a closed deal stays. An amount lowered to what is paid already
   * wins the deal by itself, as a covering payment would.
   */
  async update(id: string, expectedVersion: number, input: UpdateDealInputV1, actor: ActorV1): Promise<DealViewV1> {
    const refusal = changeRefusal(actor, 'change');
    if (refusal) throw new ForbiddenError(refusal);
    await this.directory.assertActive(dealUserReferences(input));
    return this.transactions.run(async (tx) => {
      const deal = await this.store.lockVisible(tx.manager, id, actor);
      assertDealVersion(deal, expectedVersion);
      const ruleRefusal = updateRefusal(deal, input);
      if (ruleRefusal) throw new DealRuleError(ruleRefusal);
      const changed = applyChanges(deal, input);
      if (input.team !== undefined) {
        await this.store.replaceTeam(tx.manager, deal.id, input.team);
        changed.push('team');
      }
      if (changed.length === 0) return toDealView(deal, await this.store.teamOf(tx.manager, [deal.id]));

      // Only a new amount can make the payments already recorded cover it.
      const move = changed.includes('amount') ? await this.settlement.winIfPaid(tx.manager, deal) : null;
      const saved = await this.store.save(tx.manager, deal);
      tx.emit(DEAL_UPDATED_V1, { aggregateId: saved.id, aggregateVersion: saved.version, actor, payload: toDealUpdated(saved, changed) });
      if (move) await this.recorder.record(tx, saved, move, actor);
      return toDealView(saved, await this.store.teamOf(tx.manager, [saved.id]));
    });
  }
}

/** Copies the given fields onto the deal and answers the names of those that really changed (the team aside). */
export function applyChanges(deal: DealEntity, input: UpdateDealInputV1): UpdatableDealField[] {
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
  return changed;
}
