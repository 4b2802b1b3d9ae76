import { Injectable } from '@nestjs/common';
import { type ActorV1, DEAL_REGISTRATION_WITHDRAWN_V1, type DealRegistrationViewV1, type WithdrawDealRegistrationInputV1 } from '@saleswire/contracts';
import { ForbiddenError } from '@saleswire/messaging';
import { withdrawalRefusal } from '../common/partner-access.policy';
import { toWithdrawn } from './registration.mapper';
import { change, RegistrationTransitions } from './registration.transitions';

/** `POST /deal-registrations/{id}/withdraw`: the partner takes back a registration not yet decided. */
@Injectable()
export class RegistrationWithdrawalService {
  constructor(private readonly transitions: RegistrationTransitions) {}

  withdraw(id: string, input: WithdrawDealRegistrationInputV1, actor: ActorV1): Promise<DealRegistrationViewV1> {
    const refusal = withdrawalRefusal(actor);
    if (refusal) throw new ForbiddenError(refusal);
    return this.transitions.run(id, actor, {
      action: 'withdraw',
      apply: (registration, _tx, now) => {
        change(registration, { status: 'withdrawn', decidedBy: actor.id, decidedAt: now, decisionReason: input.reason?.trim() || null });
      },
      emit: (saved, tx) =>
        tx.emit(DEAL_REGISTRATION_WITHDRAWN_V1, { aggregateId: saved.id, aggregateVersion: saved.version, actor, payload: toWithdrawn(saved) }),
    });
  }
}
