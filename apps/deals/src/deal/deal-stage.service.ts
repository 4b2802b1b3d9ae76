import { Injectable } from '@nestjs/common';
import type { ActorV1, DealViewV1, MoveDealStageInputV1 } from '@saleswire/contracts';
import { PipelineService, stageOf } from '../pipeline/pipeline.service';
import { assertDealVersion, StageMoveRefusedError } from './deal.errors';
import { toDealView } from './deal.mapper';
import { DealStore } from './deal.store';
import { DealTransactions } from './deal.transactions';
import { changeRefusal } from './deal-access.policy';
import { decideStageMove, moveDeal } from './deal-stage.policy';
import { DealStageRecorder } from './deal-stage.recorder';
import { ForbiddenError } from '@saleswire/messaging';

/**
 * `POST /deals/{id}/stage`: a manager moves a deal through its pipeline, by the stage policy; with an optional
 * `If-Match` (`expectedVersion`), only the version the caller read.
 */
@Injectable()
export class DealStageService {
  constructor(
    private readonly transactions: DealTransactions,
    private readonly store: DealStore,
    private readonly pipelines: PipelineService,
    private readonly recorder: DealStageRecorder,
  ) {}

  async moveStage(id: string, input: MoveDealStageInputV1, actor: ActorV1, expectedVersion?: number): Promise<DealViewV1> {
    const refusal = changeRefusal(actor, 'move');
    if (refusal) throw new ForbiddenError(refusal);
    return this.transactions.command(async (tx) => {
      const deal = await this.store.lockVisible(tx.manager, id, actor);
      // On the locked row and inside the command, so a retry with the request's key still answers its stored reply.
      assertDealVersion(deal, expectedVersion);
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
      const move = moveDeal(deal, decision.target, { reason: input.reason?.trim() ?? null, wonBy: 'hand' });
      const saved = await this.store.save(tx.manager, deal);
      await this.recorder.record(tx, saved, move, actor);
      return toDealView(saved, await this.store.teamOf(tx.manager, [saved.id]));
    });
  }
}
