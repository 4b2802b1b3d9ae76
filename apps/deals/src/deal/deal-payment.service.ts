import { Injectable } from '@nestjs/common';
import {
  type ActorV1,
  PAYMENT_RECORDED_V1,
  type PaymentRecordedViewV1,
  type RecordPaymentInputV1,
} from '@saleswire/contracts';
import { PaymentLedger } from '../payment/payment.ledger';
import { DealNotFoundError, DealRuleError } from './deal.errors';
import { toDealView, toPaymentRecorded } from './deal.mapper';
import { DealStore } from './deal.store';
import { type DealCommandGroup, DealTransactions } from './deal.transactions';
import { changeRefusal } from './deal-access.policy';
import { addPayment, paymentRefusal, paymentsCover } from './deal-payment.policy';
import { DealSettlementService } from './deal-settlement.service';
import { DealStageRecorder } from './deal-stage.recorder';
import { applied, ForbiddenError, type GroupOutcome, type OutboxTransaction, refused } from '@saleswire/messaging';

interface RecordPaymentCommand {
  dealId: string;
  input: RecordPaymentInputV1;
  actor: ActorV1;
}

/**
 * `POST /deals/{id}/payments`: money on the account. The payment goes to the payment ledger; the deal takes its
 * amount, and is won by itself when its payments cover its amount (DESIGN.md).
 */
@Injectable()
export class DealPaymentService {
  /**
   * Group commit (issue 14): payments recorded while an earlier group commits share one transaction, each applied
   * in turn on its deal as locked and changed by the payments before it, so that two payments covering a deal win
   * it once. The group's deals are locked first, in one order: groups in flight never wait on each other in a cycle.
   */
  private readonly recordings: DealCommandGroup<RecordPaymentCommand, PaymentRecordedViewV1>;

  constructor(
    transactions: DealTransactions,
    private readonly store: DealStore,
    private readonly payments: PaymentLedger,
    private readonly settlement: DealSettlementService,
    private readonly recorder: DealStageRecorder,
  ) {
    this.recordings = transactions.group('record-payment', (tx, command: RecordPaymentCommand) => this.apply(tx, command), {
      before: (tx, commands) => this.store.lockAll(tx.manager, commands.map((command) => command.dealId)),
    });
  }

  async record(dealId: string, input: RecordPaymentInputV1, actor: ActorV1): Promise<PaymentRecordedViewV1> {
    const refusal = changeRefusal(actor, 'pay');
    if (refusal) throw new ForbiddenError(refusal);
    return this.recordings.run({ dealId, input, actor });
  }

  /** The payment on its deal; refused, before anything is written, when the deal is out of sight or takes no such payment. */
  private async apply(tx: OutboxTransaction, { dealId, input, actor }: RecordPaymentCommand): Promise<GroupOutcome<PaymentRecordedViewV1>> {
    const deal = await this.store.findLockedVisible(tx.manager, dealId, actor);
    if (!deal) return refused(new DealNotFoundError(dealId));
    const ruleRefusal = paymentRefusal(deal, input.currency);
    if (ruleRefusal) return refused(new DealRuleError(ruleRefusal));
    const paidAt = new Date(input.paidAt);
    const payment = await this.payments.add(tx.manager, { dealId, amount: input.amount, currency: input.currency, paidAt, reference: input.reference, recordedBy: actor.id });
    deal.paidAmount = addPayment(deal.paidAmount, input.amount);
    // The purchase is dated by the payment that completed it, not by when it was recorded (API.md, repeat sales).
    const move = await this.settlement.winIfPaid(tx.manager, deal, paidAt);
    const saved = await this.store.save(tx.manager, deal);
    const covered = paymentsCover(saved.amount, saved.paidAmount);
    tx.emit(PAYMENT_RECORDED_V1, { aggregateId: saved.id, aggregateVersion: saved.version, actor, payload: toPaymentRecorded(saved, payment, covered) });
    if (move) await this.recorder.record(tx, saved, move, actor);
    return applied({ payment, deal: toDealView(saved, await this.store.teamOf(tx.manager, [saved.id])) });
  }
}
