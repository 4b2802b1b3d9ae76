import { Inject, Injectable } from '@nestjs/common';
import {
  type ActorV1,
  type ApproveDealRegistrationInputV1,
  type ChannelConflictV1,
  CHANNEL_CONFLICT_DETECTED_V1,
  DEAL_REGISTRATION_APPROVED_V1,
  type DealRegistrationViewV1,
} from '@saleswire/contracts';
import { uuidv7 } from '@saleswire/database';
import { ForbiddenError, type OutboxTransaction } from '@saleswire/messaging';
import { conflictsOf, newConflicts, protectingRegistrations } from '../channel-index/conflict.matcher';
import { ConflictFinder } from '../channel-index/conflict.finder';
import { managementRefusal } from '../common/partner-access.policy';
import { REGISTRATION_SETTINGS, type RegistrationSettings } from '../config';
import { PartnerStore } from '../partner/partner.store';
import type { DealRegistrationEntity } from './deal-registration.entity';
import { CustomerProtectedError, PartnerSuspendedError } from './registration.errors';
import { toApproved, toConflictDetected } from './registration.mapper';
import { protectionEnd } from './registration-lifecycle.policy';
import { change, RegistrationTransitions } from './registration.transitions';

/**
 * `POST /deal-registrations/{id}/approve`. The index may have learnt of a lead or a deal since the submission (the
 * events that feed it arrive after the fact), so approval checks every channel again under the same key locks as
 * submissions: first come, first served — another partner's protection refuses it (422) unless the channel manager
 * overrides with a reason, which is recorded. The approval names the indirect deal's id and announces it.
 */
@Injectable()
export class RegistrationApprovalService {
  constructor(
    private readonly transitions: RegistrationTransitions,
    private readonly partners: PartnerStore,
    private readonly finder: ConflictFinder,
    @Inject(REGISTRATION_SETTINGS) private readonly settings: RegistrationSettings,
  ) {}

  approve(id: string, input: ApproveDealRegistrationInputV1, actor: ActorV1): Promise<DealRegistrationViewV1> {
    const refusal = managementRefusal(actor, 'registration decisions');
    if (refusal) throw new ForbiddenError(refusal);
    let found: ChannelConflictV1[] = [];
    return this.transitions.run(id, actor, {
      action: 'approve',
      apply: async (registration, tx, now) => {
        found = await this.recheck(registration, input, actor, tx, now);
        const days = input.protectionDays ?? this.settings.protectionDays;
        change(registration, {
          status: 'approved',
          protectionDays: days,
          protectedUntil: protectionEnd(now, days),
          dealId: uuidv7(),
          decidedBy: actor.id,
          decidedAt: now,
          decisionReason: input.reason?.trim() || null,
        });
      },
      emit: (saved, tx, now) => {
        const draft = { aggregateId: saved.id, aggregateVersion: saved.version, actor };
        if (found.length) tx.emit(CHANNEL_CONFLICT_DETECTED_V1, { ...draft, payload: toConflictDetected(saved, found, 'approval', now) });
        tx.emit(DEAL_REGISTRATION_APPROVED_V1, { ...draft, payload: toApproved(saved, actor) });
      },
    });
  }

  /** Checks every channel again; records what is new; refuses over another partner's protection without an override. Answers the new conflicts. */
  private async recheck(
    registration: DealRegistrationEntity,
    input: ApproveDealRegistrationInputV1,
    actor: ActorV1,
    tx: OutboxTransaction,
    now: Date,
  ): Promise<ChannelConflictV1[]> {
    const partner = await this.partners.find(tx.manager, registration.partnerId);
    if (partner?.status !== 'active') throw new PartnerSuspendedError(registration.partnerId);
    await this.finder.lockKeys(tx.manager, registration.keys);
    const hits = await this.finder.hits(tx.manager, registration.keys, registration.partnerId, now);
    const [protecting] = protectingRegistrations(registration.keys, hits, now);
    if (protecting) {
      if (input.override !== true) throw new CustomerProtectedError(protecting.id, protecting.protectedUntil!);
      change(registration, { overrideBy: actor.id, overrideReason: input.reason!.trim(), overrideAt: now });
    }
    const found = newConflicts(registration.conflicts, conflictsOf(registration.keys, hits));
    if (found.length) change(registration, { conflicts: [...registration.conflicts, ...found], conflict: true });
    return found;
  }
}
