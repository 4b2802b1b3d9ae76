import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PaymentLedger } from '../payment/payment.ledger';
import { PipelineService, wonStage } from '../pipeline/pipeline.service';
import type { DealEntity } from './deal.entity';
import { isWonByPayments } from './deal-payment.policy';
import { moveDeal, type StageTransition } from './deal-stage.policy';

/**
 * The payment rule applied: the one place where money wins a deal, whether a payment covered its amount or its
 * amount was lowered to what is paid. The won stage is its pipeline's; the purchase is dated by the covering payment.
 */
@Injectable()
export class DealSettlementService {
  constructor(
    private readonly pipelines: PipelineService,
    private readonly payments: PaymentLedger,
  ) {}

  /**
   * Moves the deal (in memory) to its pipeline's won stage when its payments now cover its amount, and answers
   * the move, or null. `coveringPaidAt` is the date of the payment that just covered it; without one, the
   * payments covered a lowered amount and the last of them dates the purchase.
   */
  async winIfPaid(manager: EntityManager, deal: DealEntity, coveringPaidAt?: Date): Promise<StageTransition | null> {
    if (!isWonByPayments(deal)) return null;
    const pipeline = await this.pipelines.get(manager, deal.pipelineId);
    const wonAt = coveringPaidAt ?? (await this.payments.lastPaidAt(manager, deal.id)) ?? undefined;
    return moveDeal(deal, wonStage(pipeline), { reason: null, wonBy: 'payment', wonAt });
  }
}
