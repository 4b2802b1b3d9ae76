import { Injectable } from '@nestjs/common';
import type { ActorV1 } from '@saleswire/contracts';
import { uuidv7 } from '@saleswire/database';
import type { EntityManager } from 'typeorm';
import { DealStageHistoryEntity } from './deal.entity';

/** A deal's arrival in a stage: `from` is null when the deal opens there. */
export interface StageArrival {
  from: string | null;
  to: string;
  reason: string | null;
  actor: ActorV1;
  at: Date;
}

/** Who moved a deal when from where to where, and why. */
@Injectable()
export class DealHistory {
  async record(manager: EntityManager, dealId: string, arrival: StageArrival): Promise<void> {
    await manager.insert(DealStageHistoryEntity, {
      id: uuidv7(),
      dealId,
      fromStage: arrival.from,
      toStage: arrival.to,
      reason: arrival.reason,
      changedBy: arrival.actor.id,
      changedAt: arrival.at,
    });
  }

  /** The arrivals of several deals, with one statement (deals opened together). */
  async recordMany(manager: EntityManager, arrivals: ReadonlyArray<StageArrival & { dealId: string }>): Promise<void> {
    if (arrivals.length === 0) return;
    await manager.insert(
      DealStageHistoryEntity,
      arrivals.map((arrival) => ({
        id: uuidv7(),
        dealId: arrival.dealId,
        fromStage: arrival.from,
        toStage: arrival.to,
        reason: arrival.reason,
        changedBy: arrival.actor.id,
        changedAt: arrival.at,
      })),
    );
  }

  /** The deal's stage history, oldest first. */
  of(manager: EntityManager, dealId: string): Promise<DealStageHistoryEntity[]> {
    return manager.find(DealStageHistoryEntity, { where: { dealId }, order: { changedAt: 'ASC', id: 'ASC' } });
  }
}
