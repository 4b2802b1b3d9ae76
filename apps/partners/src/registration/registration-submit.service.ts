import { Injectable } from '@nestjs/common';
import {
  type ActorV1,
  CHANNEL_CONFLICT_DETECTED_V1,
  DEAL_REGISTRATION_SUBMITTED_V1,
  type DealRegistrationViewV1,
  type SubmitDealRegistrationInputV1,
} from '@saleswire/contracts';
import { applied, ForbiddenError, oneByOneOrRefused, Outbox, refused, type CommandGroup, type GroupOutcome, type OutboxTransaction } from '@saleswire/messaging';
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

interface SubmitCommand {
  partnerId: string;
  input: SubmitDealRegistrationInputV1;
  actor: ActorV1;
  keys: string[];
}

/**
 * `POST /partners/{id}/deal-registrations`: a partner (or a channel manager for it) registers an opportunity. Its
 * customer is checked against every channel in the same transaction; a collision is recorded on the registration
 * and announced as `channel-conflict.detected`, for the channel manager to decide on.
 */
@Injectable()
export class RegistrationSubmitService {
  /**
   * Group commit (issue 14): registrations submitted while an earlier group commits share one transaction, each
   * checked and inserted in turn, so that one meets the registrations submitted before it in its own group as it
   * meets committed ones. The group's keys are locked first, all in one order, as one submission locks its own.
   */
  private readonly submissions: CommandGroup<SubmitCommand, DealRegistrationViewV1>;

  constructor(
    outbox: Outbox,
    private readonly partners: PartnerStore,
    private readonly registrations: RegistrationStore,
    private readonly finder: ConflictFinder,
    private readonly keyIndex: ChannelKeyStore,
  ) {
    const each = oneByOneOrRefused((tx, command: SubmitCommand) => this.apply(tx, command));
    this.submissions = outbox.group('submit-registration', async (tx, commands) => {
      if (commands.length > 1) await this.finder.lockKeys(tx.manager, commands.flatMap((command) => command.input.keys));
      return each(tx, commands);
    });
  }

  async submit(partnerId: string, input: SubmitDealRegistrationInputV1, actor: ActorV1): Promise<DealRegistrationViewV1> {
    const access = submissionAccess(actor, partnerId);
    if (access === 'hidden') throw new PartnerNotFoundError(partnerId);
    if (access === 'refused') throw new ForbiddenError('Partners and their channel managers register deals.');
    return this.submissions.run({ partnerId, input, actor, keys: channelKeys(input.customer) });
  }

  /** The registration, checked against every channel; refused, before anything is written, for a partner out of sight or suspended. */
  private async apply(tx: OutboxTransaction, { partnerId, input, actor, keys }: SubmitCommand): Promise<GroupOutcome<DealRegistrationViewV1>> {
    const now = new Date();
    const partner = await this.partners.visible(tx.manager, partnerId, actor);
    if (!partner) return refused(new PartnerNotFoundError(partnerId));
    if (partner.status === 'suspended') {
      // The gateway refuses a suspended partner's users already; this answers the one request that raced it.
      if (actor.role === 'partner_user') return refused(new ForbiddenError('Your partner is suspended.'));
      return refused(new PartnerSuspendedError(partnerId));
    }
    await this.finder.lockKeys(tx.manager, keys);
    const conflicts = conflictsOf(keys, await this.finder.hits(tx.manager, keys, partnerId, now));
    const registration = await this.registrations.insert(tx.manager, newRegistrationFields(partnerId, input, keys, conflicts, actor));
    // Its keys enter the index with it: the next registration of this customer, by any partner, meets it.
    await this.keyIndex.add(tx.manager, 'registration', [{ id: registration.id, keys }]);
    const draft = { aggregateId: registration.id, aggregateVersion: registration.version, actor };
    tx.emit(DEAL_REGISTRATION_SUBMITTED_V1, { ...draft, payload: toSubmitted(registration) });
    if (conflicts.length) tx.emit(CHANNEL_CONFLICT_DETECTED_V1, { ...draft, payload: toConflictDetected(registration, conflicts, 'submission', now) });
    return applied(toRegistrationView(registration, actor));
  }
}
