import { Injectable } from '@nestjs/common';
import { type ActorV1, DEAL_LOST_V1, DEAL_STAGE_CHANGED_V1, DEAL_WON_V1 } from '@saleswire/contracts';
import type { OutboxTransaction } from '@saleswire/messaging';
import type { DealEntity } from './deal.entity';
import { DealHistory } from './deal.history';
import { toDealLost, toDealStageChanged, toDealWon } from './deal.mapper';
import type { StageTransition } from './deal-stage.policy';

/**
 * Records a saved stage move the same way whatever made it (a manager, a payment, a lowered amount): its
 * history entry, `stage-changed`, and `won` or `lost` when the move closes the deal.
 */
@Injectable()
export class DealStageRecorder {
  constructor(private readonly history: DealHistory) {}

  async record(tx: OutboxTransaction, saved: DealEntity, move: StageTransition, actor: ActorV1): Promise<void> {
    await this.history.record(tx.manager, saved.id, { from: move.from, to: saved.stage, reason: move.reason, actor, at: move.at });
    const envelope = { aggregateId: saved.id, aggregateVersion: saved.version, actor };
    tx.emit(DEAL_STAGE_CHANGED_V1, { ...envelope, payload: toDealStageChanged(saved, move) });
    if (move.target.semantics === 'won') tx.emit(DEAL_WON_V1, { ...envelope, payload: toDealWon(saved, move) });
    if (move.target.semantics === 'lost') tx.emit(DEAL_LOST_V1, { ...envelope, payload: toDealLost(saved, move) });
  }
}
