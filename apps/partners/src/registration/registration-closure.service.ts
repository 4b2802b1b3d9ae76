import { Injectable, Logger } from '@nestjs/common';
import { DEAL_REGISTRATION_CLOSED_V1, type EventEnvelope, type RegistrationOutcome } from '@saleswire/contracts';
import type { OutboxTransaction } from '@saleswire/messaging';
import { toClosed } from './registration.mapper';
import { transitionRefusal } from './registration-lifecycle.policy';
import { RegistrationStore } from './registration.store';
import { change } from './registration.transitions';

/**
 * Closes the registration whose indirect deal was won or lost: its protection has done its work. A registration
 * already expired stays expired (the lifecycle closes only approved ones); a deal no registration opened is none
 * of this feature's business. The deal is found by the id the approval gave it, so no registration id is needed
 * on the deal events.
 */
@Injectable()
export class RegistrationClosureService {
  private readonly logger = new Logger(RegistrationClosureService.name);

  constructor(private readonly store: RegistrationStore) {}

  async dealClosed(event: EventEnvelope<{ dealId: string }>, outcome: RegistrationOutcome, closedAt: string, tx: OutboxTransaction): Promise<void> {
    const registration = await this.store.lockByDeal(tx.manager, event.payload.dealId);
    if (!registration) return;
    const refusal = transitionRefusal(registration, 'close', new Date());
    if (refusal) {
      this.logger.log({ msg: 'deal closed after its registration left approved; kept as it is', registrationId: registration.id, status: registration.status });
      return;
    }
    change(registration, { status: 'closed', outcome, closedAt: new Date(closedAt) });
    const saved = await this.store.save(tx.manager, registration);
    tx.emit(DEAL_REGISTRATION_CLOSED_V1, { aggregateId: saved.id, aggregateVersion: saved.version, actor: event.actor, payload: toClosed(saved) });
  }
}
