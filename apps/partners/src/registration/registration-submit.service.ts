import { Injectable } from '@nestjs/common';
import {
  type ActorV1,
  CHANNEL_CONFLICT_DETECTED_V1,
  DEAL_REGISTRATION_SUBMITTED_V1,
  type DealRegistrationViewV1,
  type SubmitDealRegistrationInputV1,
} from '@saleswire/contracts';
import { ForbiddenError, Outbox } from '@saleswire/messaging';
import { channelKeys } from '../channel-index/channel-keys';
import { conflictsOf } from '../channel-index/conflict.matcher';
import { ChannelKeyStore } from '../channel-index/channel-key.store';
import { ConflictFinder } from '../channel-index/conflict.finder';
import { submissionAccess } from '../common/partner-access.policy';
import { PartnerNotFoundError } from '../partner/partner.errors';
import { PartnerStore } from '../partner/partner.store';
import { PartnerSuspendedError } from './registration.errors';
import { newRegistrationFields } from './registration.factory';
import { toConflictDetected, toRegistrationView, toSubmitted } from './registration.mapper';
import { RegistrationStore } from './registration.store';

/**
 * `POST /partners/{id}/deal-registrations`: a partner (or a channel manager for it) registers an opportunity. Its
 * customer is checked against every channel in the same transaction; a collision is recorded on the registration
 * and announced as `channel-conflict.detected`, for the channel manager to decide on.
 */
@Injectable()
export class RegistrationSubmitService {
  constructor(
    private readonly outbox: Outbox,
    private readonly partners: PartnerStore,
    private readonly registrations: RegistrationStore,
    private readonly finder: ConflictFinder,
    private readonly keyIndex: ChannelKeyStore,
  ) {}

  async submit(partnerId: string, input: SubmitDealRegistrationInputV1, actor: ActorV1): Promise<DealRegistrationViewV1> {
    const access = submissionAccess(actor, partnerId);
    if (access === 'hidden') throw new PartnerNotFoundError(partnerId);
    if (access === 'refused') throw new ForbiddenError('Partners and their channel managers register deals.');
    const keys = channelKeys(input.customer);
    return this.outbox.command(async (tx) => {
      const now = new Date();
      const partner = await this.partners.findVisible(tx.manager, partnerId, actor);
      if (partner.status === 'suspended') {
        // The gateway refuses a suspended partner's users already; this answers the one request that raced it.
        if (actor.role === 'partner_user') throw new ForbiddenError('Your partner is suspended.');
        throw new PartnerSuspendedError(partnerId);
      }
      await this.finder.lockKeys(tx.manager, keys);
      const conflicts = conflictsOf(keys, await this.finder.hits(tx.manager, keys, partnerId, now));
      const registration = await this.registrations.insert(tx.manager, newRegistrationFields(partnerId, input, keys, conflicts, actor));
      // Its keys enter the index with it: the next registration of this customer, by any partner, meets it.
      await this.keyIndex.add(tx.manager, 'registration', [{ id: registration.id, keys }]);
      const draft = { aggregateId: registration.id, aggregateVersion: registration.version, actor };
      tx.emit(DEAL_REGISTRATION_SUBMITTED_V1, { ...draft, payload: toSubmitted(registration) });
      if (conflicts.length) tx.emit(CHANNEL_CONFLICT_DETECTED_V1, { ...draft, payload: toConflictDetected(registration, conflicts, 'submission', now) });
      return toRegistrationView(registration, actor);
    });
  }
}
