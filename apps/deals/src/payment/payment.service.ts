import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type ActorV1,
  PAYMENT_RECORDED_V1,
  type PaymentRecordedViewV1,
  type PaymentViewV1,
  type RecordPaymentInputV1,
} from '@saleswire/contracts';
import { uuidv7 } from '@saleswire/database';
import { Outbox } from '@saleswire/messaging';
import { In, type DataSource } from 'typeorm';
import { NotAllowedError } from '../common/deals.errors';
import { DealTeamMemberEntity } from '../deal/deal.entity';
import { toDealFacts, toDealView } from '../deal/deal.mapper';
import { DealRuleError } from '../deal/deal.errors';
import { changeRefusal } from '../deal/deal-access.policy';
import { addPayment, paymentRefusal, paymentsCover } from '../deal/deal-payment.policy';
import { DealService } from '../deal/deal.service';
import { PipelineService, wonStage } from '../pipeline/pipeline.service';
import { PaymentEntity } from './payment.entity';
import { toPaymentView } from './payment.mapper';

/** Money on the account: a deal is won by itself when its payments cover its amount (DESIGN.md). */
@Injectable()
export class PaymentService {
  constructor(
    private readonly outbox: Outbox,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deals: DealService,
    private readonly pipelines: PipelineService,
  ) {}

  /** `POST /deals/{id}/payments`. */
  async record(dealId: string, input: RecordPaymentInputV1, actor: ActorV1): Promise<PaymentRecordedViewV1> {
    const refusal = changeRefusal(actor, 'pay');
    if (refusal) throw new NotAllowedError(refusal);
    const recorded = await this.outbox.transaction(async (tx) => {
      const deal = await this.deals.lockVisible(tx.manager, dealId, actor);
      const ruleRefusal = paymentRefusal(deal, input.currency);
      if (ruleRefusal) throw new DealRuleError(ruleRefusal);
      const paidAt = new Date(input.paidAt);
      const payment = tx.manager.create(PaymentEntity, {
        id: uuidv7(),
        dealId,
        amount: input.amount,
        currency: input.currency,
        paidAt,
        reference: input.reference?.trim() || null,
        recordedBy: actor.id,
      });
      await tx.manager.insert(PaymentEntity, payment);
      deal.paidAmount = addPayment(deal.paidAmount, input.amount);

      const covered = paymentsCover(deal.amount, deal.paidAmount);
      let stageChange: ReturnType<DealService['changeStage']> | undefined;
      if (deal.status === 'open' && covered) {
        const pipeline = await this.pipelines.get(tx.manager, deal.pipelineId);
        // The purchase is dated by the payment that completed it (API.md, repeat sales).
        stageChange = this.deals.changeStage(deal, wonStage(pipeline), { reason: null, actor, wonBy: 'payment', wonAt: paidAt });
      }
      const saved = await this.deals.persist(tx.manager, deal);
      tx.emit(PAYMENT_RECORDED_V1, {
        aggregateId: saved.id,
        aggregateVersion: saved.version,
        actor,
        payload: {
          ...toDealFacts(saved),
          paymentId: payment.id,
          paymentAmount: input.amount,
          paymentCurrency: input.currency,
          paidAt: paidAt.toISOString(),
          reference: payment.reference,
          paidAmount: saved.paidAmount,
          covered,
        },
      });
      if (stageChange) {
        await this.deals.recordHistory(tx.manager, saved, stageChange.from, null, actor);
        stageChange.publish(tx, saved);
      }
      const stored = await tx.manager.findOneByOrFail(PaymentEntity, { id: payment.id });
      const team = await tx.manager.find(DealTeamMemberEntity, { where: { dealId }, order: { id: 'ASC' } });
      return { payment: toPaymentView(stored), deal: toDealView(saved, team), won: stageChange !== undefined };
    });
    if (recorded.won) await this.deals.notifyPurchase(recorded.deal.customerId);
    return { payment: recorded.payment, deal: recorded.deal };
  }

  /** Payments of these deals, newest first. */
  async ofDeals(dealIds: string[]): Promise<PaymentViewV1[]> {
    if (dealIds.length === 0) return [];
    const payments = await this.dataSource.manager.find(PaymentEntity, { where: { dealId: In(dealIds) }, order: { paidAt: 'DESC', id: 'DESC' } });
    return payments.map(toPaymentView);
  }
}
