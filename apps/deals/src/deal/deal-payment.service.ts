import { Injectable } from '@nestjs/common';
import {
  type ActorV1,
  PAYMENT_RECORDED_V1,
  type PaymentRecordedViewV1,
  type RecordPaymentInputV1,
} from '@saleswire/contracts';
import { PaymentLedger } from '../payment/payment.ledger';
import { DealEntity, type DealTeamMemberEntity } from './deal.entity';
import { DealNotFoundError, DealRuleError } from './deal.errors';
import { toDealView, toPaymentRecorded } from './deal.mapper';
import { DealStore } from './deal.store';
import { type DealCommandGroup, DealTransactions } from './deal.transactions';
import { changeRefusal } from './deal-access.policy';
import { addPayment, paymentRefusal, paymentsCover, paymentSteps } from './deal-payment.policy';
import { DealSettlementService } from './deal-settlement.service';
import { DealStageRecorder } from './deal-stage.recorder';
import { applied, ForbiddenError, type GroupedCommand, type GroupOutcome, type OutboxTransaction, refused } from '@saleswire/messaging';

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
   * Group commit (issue 14): payments recorded while an earlier group commits are recorded together in the next
   * transaction, set-based (`recordAll`), each checked on its deal as the payments before it left it, so that two
   * payments covering a deal win it once.
   */
  private readonly recordings: DealCommandGroup<RecordPaymentCommand, PaymentRecordedViewV1>;

  constructor(
    transactions: DealTransactions,
    private readonly store: DealStore,
    private readonly payments: PaymentLedger,
    private readonly settlement: DealSettlementService,
    private readonly recorder: DealStageRecorder,
  ) {
    this.recordings = transactions.group('record-payment', (tx, commands) => this.recordAll(tx, commands));
  }

  async record(dealId: string, input: RecordPaymentInputV1, actor: ActorV1): Promise<PaymentRecordedViewV1> {
    const refusal = changeRefusal(actor, 'pay');
    if (refusal) throw new ForbiddenError(refusal);
    return this.recordings.run({ dealId, input, actor });
  }

  /**
   * The group's payments: their deals read and locked with one statement per caller's scope, and each payment's
   * step worked out in order (`paymentSteps`). The payments taken (those that win nothing: most) are stored with
   * one insert, their deals' totals with one update, their deals' teams read once. A payment that wins its deal,
   * and every later one of that deal, is then applied alone (`apply`), where the win is recorded.
   */
  private async recordAll(tx: OutboxTransaction, commands: ReadonlyArray<GroupedCommand<RecordPaymentCommand>>): Promise<Array<GroupOutcome<PaymentRecordedViewV1>>> {
    const deals = await this.store.lockVisibleMany(tx.manager, commands.map(({ input: { dealId, actor } }) => ({ id: dealId, actor })));
    const steps = paymentSteps(commands.map(({ input: { input } }, i) => ({ deal: deals[i], amount: input.amount, currency: input.currency })));
    const taken = commands.flatMap((command, i) => {
      const step = steps[i];
      return step.kind === 'taken' ? [{ i, command, deal: deals[i]!, ...step }] : [];
    });
    const payments = await this.payments.addMany(
      tx.manager,
      taken.map(({ command: { input: { dealId, input, actor } } }) => ({ dealId, amount: input.amount, currency: input.currency, paidAt: new Date(input.paidAt), reference: input.reference, recordedBy: actor.id })),
    );
    // Each deal's total after the last of its payments taken, and how many of them moved its version.
    const totals = new Map<string, { paidAmount: number; writes: number }>();
    for (const { deal, paidAmount, nth } of taken) totals.set(deal.id, { paidAmount, writes: nth });
    const saved = await this.store.setPaid(tx.manager, [...totals].map(([id, total]) => ({ id, ...total })));
    const teams = new Map<string, DealTeamMemberEntity[]>();
    for (const member of await this.store.teamOf(tx.manager, [...totals.keys()])) {
      const team = teams.get(member.dealId) ?? [];
      team.push(member);
      teams.set(member.dealId, team);
    }

    const outcomes: Array<GroupOutcome<PaymentRecordedViewV1>> = new Array(commands.length);
    taken.forEach(({ i, command, deal, paidAmount, nth }, j) => {
      const stored = saved.get(deal.id)!;
      // The deal as this payment left it: the total then, and the version its write gave it.
      const after = Object.assign(new DealEntity(), stored, { paidAmount, version: stored.version - totals.get(deal.id)!.writes + nth });
      const payment = payments[j];
      command.within(() =>
        tx.emit(PAYMENT_RECORDED_V1, { aggregateId: after.id, aggregateVersion: after.version, actor: command.input.actor, payload: toPaymentRecorded(after, payment, paymentsCover(after.amount, after.paidAmount)) }),
      );
      outcomes[i] = applied({ payment, deal: toDealView(after, teams.get(deal.id) ?? []) });
    });
    for (const [i, command] of commands.entries()) {
      const step = steps[i];
      if (step.kind === 'refused') {
        outcomes[i] = refused(step.refusal === 'not-found' ? new DealNotFoundError(command.input.dealId) : new DealRuleError(step.refusal));
      } else if (step.kind === 'alone') {
        outcomes[i] = await command.within(() => this.apply(tx, command.input));
      }
    }
    return outcomes;
  }

  /** The payment on its deal, alone; refused, before anything is written, when the deal is out of sight or takes no such payment. */
  private async apply(tx: OutboxTransaction, { dealId, input, actor }: RecordPaymentCommand): Promise<GroupOutcome<PaymentRecordedViewV1>> {
    const deal = await this.store.findLockedVisible(tx.manager, dealId, actor);
    if (!deal) return refused(new DealNotFoundError(dealId));
    const ruleRefusal = paymentRefusal(deal, input.currency);
    if (ruleRefusal) return refused(new DealRuleError(ruleRefusal));
    const paidAt = new Date(input.paidAt);
    const [payment] = await this.payments.addMany(tx.manager, [{ dealId, amount: input.amount, currency: input.currency, paidAt, reference: input.reference, recordedBy: actor.id }]);
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
