import { Injectable, Logger } from '@nestjs/common';
import { COMMISSION_ACCRUED_V1, type DealWonV1, type EventEnvelope, SYSTEM_ACTOR } from '@saleswire/contracts';
import { uuidv7 } from '@saleswire/database';
import type { OutboxTransaction } from '@saleswire/messaging';
import { PartnerStore } from '../partner/partner.store';
import { RegistrationStore } from '../registration/registration.store';
import { toAccrued } from './commission.mapper';
import { accrualOf, commissionAmount } from './commission.policy';
import { CommissionStore } from './commission.store';

/**
 * Accrues a partner's commission when its indirect deal is won (`evt.deals.deal.won.v1`): at the partner's rate
 * when the deal was won, on the paid amount, once per deal whatever the deliveries — the inbox drops a repeated
 * event, the unique deal id a repeated fact.
 */
@Injectable()
export class CommissionAccrualService {
  private readonly logger = new Logger(CommissionAccrualService.name);

  constructor(
    private readonly commissions: CommissionStore,
    private readonly partners: PartnerStore,
    private readonly registrations: RegistrationStore,
  ) {}

  async dealWon(event: EventEnvelope<DealWonV1>, tx: OutboxTransaction): Promise<void> {
    const deal = event.payload;
    const accrual = accrualOf(deal);
    if (!accrual.accrues) return;
    const partner = await this.partners.find(tx.manager, accrual.partnerId);
    // A partner this service never signed up cannot be owed anything: failing sends the event through the bounded
    // retries to the dead letters, where an operator sees the deal that named it.
    if (!partner) throw new Error(`deal ${deal.dealId} was won for partner ${accrual.partnerId}, which does not exist here`);
    const wonAt = new Date(deal.wonAt);
    const rate = (await this.partners.rateAt(tx.manager, partner.id, wonAt)) ?? partner.commissionRate;
    const registration = await this.registrations.findByDeal(tx.manager, deal.dealId);
    const commission = await this.commissions.insertOnce(tx.manager, {
      id: uuidv7(),
      partnerId: partner.id,
      dealId: deal.dealId,
      registrationId: registration?.id ?? null,
      baseAmount: accrual.baseAmount,
      rate,
      amount: commissionAmount(accrual.baseAmount, rate),
      currency: accrual.currency,
      status: 'accrued',
      wonAt,
      accruedAt: new Date(),
      approvedAt: null,
      approvedBy: null,
      note: null,
      paidAt: null,
      paidBy: null,
      reference: null,
    });
    if (!commission) {
      this.logger.log({ msg: 'deal already has its commission', dealId: deal.dealId });
      return;
    }
    tx.emit(COMMISSION_ACCRUED_V1, { aggregateId: commission.id, aggregateVersion: commission.version, actor: SYSTEM_ACTOR, payload: toAccrued(commission) });
  }
}
