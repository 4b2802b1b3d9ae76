import { Injectable } from '@nestjs/common';
import type { ActorV1, DealRegistrationViewV1 } from '@saleswire/contracts';
import { Outbox, type OutboxTransaction } from '@saleswire/messaging';
import type { DealRegistrationEntity } from './deal-registration.entity';
import { RegistrationLifecycleError } from './registration.errors';
import { toRegistrationView } from './registration.mapper';
import { transitionRefusal, type RegistrationAction } from './registration-lifecycle.policy';
import { RegistrationStore } from './registration.store';

/** One lifecycle step as a command service defines it: what it changes, and the events it emits once saved. */
export interface RegistrationStep {
  action: RegistrationAction;
  apply(registration: DealRegistrationEntity, tx: OutboxTransaction, now: Date): Promise<void> | void;
  emit(saved: DealRegistrationEntity, tx: OutboxTransaction, now: Date): void;
}

/**
 * Runs a lifecycle step on a registration the actor sees, in one outbox transaction answering the registration's
 * view: lock (404 outside the scope), the lifecycle's refusal (422), the change, the save, the events.
 */
@Injectable()
export class RegistrationTransitions {
  constructor(
    private readonly outbox: Outbox,
    private readonly store: RegistrationStore,
  ) {}

  run(id: string, actor: ActorV1, step: RegistrationStep): Promise<DealRegistrationViewV1> {
    return this.outbox.command(async (tx) => {
      const now = new Date();
      const registration = await this.store.lockVisible(tx.manager, id, actor);
      const refusal = transitionRefusal(registration, step.action, now);
      if (refusal) throw new RegistrationLifecycleError(refusal);
      await step.apply(registration, tx, now);
      const saved = await this.store.save(tx.manager, registration);
      step.emit(saved, tx, now);
      return toRegistrationView(saved, actor);
    });
  }
}

/** Sets fields of a registration, typed: what a step changes. */
export function change(registration: DealRegistrationEntity, changes: Partial<DealRegistrationEntity>): void {
  Object.assign(registration, changes);
}
