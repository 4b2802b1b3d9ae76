import { Injectable } from '@nestjs/common';
import { type ActorV1, DEAL_REGISTRATION_EXTENDED_V1, type DealRegistrationViewV1, type ExtendDealRegistrationInputV1 } from '@saleswire/contracts';
import { ForbiddenError } from '@saleswire/messaging';
import { managementRefusal } from '../common/partner-access.policy';
import { toExtended } from './registration.mapper';
import { protectionEnd } from './registration-lifecycle.policy';
import { change, RegistrationTransitions } from './registration.transitions';

/** `POST /deal-registrations/{id}/extend`: a running protection is lengthened, once. */
@Injectable()
export class RegistrationExtensionService {
  constructor(private readonly transitions: RegistrationTransitions) {}

  extend(id: string, input: ExtendDealRegistrationInputV1, actor: ActorV1): Promise<DealRegistrationViewV1> {
    const refusal = managementRefusal(actor, 'registration decisions');
    if (refusal) throw new ForbiddenError(refusal);
    return this.transitions.run(id, actor, {
      action: 'extend',
      apply: (registration) => {
        change(registration, { extendedDays: input.days, protectedUntil: protectionEnd(registration.protectedUntil!, input.days) });
      },
      emit: (saved, tx, now) =>
        tx.emit(DEAL_REGISTRATION_EXTENDED_V1, { aggregateId: saved.id, aggregateVersion: saved.version, actor, payload: toExtended(saved, now) }),
    });
  }
}
