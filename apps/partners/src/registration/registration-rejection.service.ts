import { Injectable } from '@nestjs/common';
import { type ActorV1, DEAL_REGISTRATION_REJECTED_V1, type DealRegistrationViewV1, type RejectDealRegistrationInputV1 } from '@saleswire/contracts';
import { ForbiddenError } from '@saleswire/messaging';
import { managementRefusal } from '../common/partner-access.policy';
import { toRejected } from './registration.mapper';
import { change, RegistrationTransitions } from './registration.transitions';

/** `POST /deal-registrations/{id}/reject`: a channel manager turns a submitted registration down, telling the partner why. */
@Injectable()
export class RegistrationRejectionService {
  constructor(private readonly transitions: RegistrationTransitions) {}

  reject(id: string, input: RejectDealRegistrationInputV1, actor: ActorV1): Promise<DealRegistrationViewV1> {
    const refusal = managementRefusal(actor, 'registration decisions');
    if (refusal) throw new ForbiddenError(refusal);
    return this.transitions.run(id, actor, {
      action: 'reject',
      apply: (registration, _tx, now) => {
        change(registration, { status: 'rejected', decidedBy: actor.id, decidedAt: now, decisionReason: input.reason.trim() });
      },
      emit: (saved, tx) => tx.emit(DEAL_REGISTRATION_REJECTED_V1, { aggregateId: saved.id, aggregateVersion: saved.version, actor, payload: toRejected(saved) }),
    });
  }
}
