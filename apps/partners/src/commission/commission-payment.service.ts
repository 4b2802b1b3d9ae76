import { Injectable } from '@nestjs/common';
import { type ActorV1, COMMISSION_PAID_V1, type CommissionViewV1, type PayCommissionInputV1 } from '@saleswire/contracts';
import { ForbiddenError, Outbox } from '@saleswire/messaging';
import { managementRefusal } from '../common/partner-access.policy';
import type { CommissionEntity } from './commission.entity';
import { CommissionStepError } from './commission.errors';
import { toCommissionPaid, toCommissionView } from './commission.mapper';
import { commissionStepRefusal } from './commission.policy';
import { CommissionStore } from './commission.store';

/** `POST /commissions/{id}/pay`: an approved commission was paid to the partner, with the transfer's reference. */
@Injectable()
export class CommissionPaymentService {
  constructor(
    private readonly outbox: Outbox,
    private readonly store: CommissionStore,
  ) {}

  async pay(id: string, input: PayCommissionInputV1, actor: ActorV1): Promise<CommissionViewV1> {
    const refusal = managementRefusal(actor, 'commissions');
    if (refusal) throw new ForbiddenError(refusal);
    return this.outbox.command(async (tx) => {
      const commission = await this.store.lockVisible(tx.manager, id, actor);
      const stepRefusal = commissionStepRefusal(commission.status, 'pay');
      if (stepRefusal) throw new CommissionStepError(stepRefusal);
      Object.assign<CommissionEntity, Partial<CommissionEntity>>(commission, { status: 'paid', paidAt: new Date(), paidBy: actor.id, reference: input.reference?.trim() || null });
      const saved = await this.store.save(tx.manager, commission);
      tx.emit(COMMISSION_PAID_V1, { aggregateId: saved.id, aggregateVersion: saved.version, actor, payload: toCommissionPaid(saved) });
      return toCommissionView(saved);
    });
  }
}
