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
import { DomainRuleError, NotAllowedError } from '../common/deals.errors';
import { DealTeamMemberEntity } from '../deal/deal.entity';
import { toDealFacts, toDealView } from '../deal/deal.mapper';
import { paymentsCover, toCents } from '../deal/deal-stage.policy';
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
    if (actor.role === 'partner_user') throw new NotAllowedError('Partner users do not record payments.');
    const recorded = await this.outbox.transaction(async (tx) => {
      const deal = await this.deals.lockVisible(tx.manager, dealId, actor);
      if (deal.status === 'lost') throw new DomainRuleError('The deal is lost: it takes no payments.', [{ field: 'amount', message: 'deal is lost' }]);
      if (deal.amount === null || !deal.currency) {
        throw new DomainRuleError('The deal has no amount yet; set it before recording payments.', [{ field: 'amount', message: 'deal has no amount' }]);
      }
      if (input.currency !== deal.currency.trim()) {
        throw new DomainRuleError(`The deal is in ${deal.currency.trim()}; record the payment in it.`, [
          { field: 'currency', message: `must be ${deal.currency.trim()}` },
        ]);
      }
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
      deal.paidAmount = (toCents(deal.paidAmount) + toCents(input.amount)) / 100;

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
