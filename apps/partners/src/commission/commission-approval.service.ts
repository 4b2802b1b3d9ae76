import { Injectable } from '@nestjs/common';
import { type ActorV1, type ApproveCommissionInputV1, COMMISSION_APPROVED_V1, type CommissionViewV1 } from '@saleswire/contracts';
import { ForbiddenError, Outbox } from '@saleswire/messaging';
import { managementRefusal } from '../common/partner-access.policy';
import type { CommissionEntity } from './commission.entity';
import { CommissionStepError } from './commission.errors';
import { toCommissionApproved, toCommissionView } from './commission.mapper';
import { commissionStepRefusal } from './commission.policy';
import { CommissionStore } from './commission.store';

/** `POST /commissions/{id}/approve`: a channel manager confirms an accrued commission is owed. */
@Injectable()
export class CommissionApprovalService {
  constructor(
    private readonly outbox: Outbox,
    private readonly store: CommissionStore,
  ) {}

  async approve(id: string, input: ApproveCommissionInputV1, actor: ActorV1): Promise<CommissionViewV1> {
    const refusal = managementRefusal(actor, 'commissions');
    if (refusal) throw new ForbiddenError(refusal);
    return this.outbox.command(async (tx) => {
      const commission = await this.store.lockVisible(tx.manager, id, actor);
      const stepRefusal = commissionStepRefusal(commission.status, 'approve');
      if (stepRefusal) throw new CommissionStepError(stepRefusal);
      Object.assign<CommissionEntity, Partial<CommissionEntity>>(commission, { status: 'approved', approvedAt: new Date(), approvedBy: actor.id, note: input.note?.trim() || null });
      const saved = await this.store.save(tx.manager, commission);
      tx.emit(COMMISSION_APPROVED_V1, { aggregateId: saved.id, aggregateVersion: saved.version, actor, payload: toCommissionApproved(saved) });
      return toCommissionView(saved);
    });
  }
}
