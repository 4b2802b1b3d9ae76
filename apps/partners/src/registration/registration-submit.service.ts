import { Injectable } from '@nestjs/common';
import {
  type ActorV1,
  CHANNEL_CONFLICT_DETECTED_V1,
  DEAL_REGISTRATION_SUBMITTED_V1,
  type ChannelConflictV1,
  type DealRegistrationViewV1,
  type SubmitDealRegistrationInputV1,
} from '@saleswire/contracts';
import { applied, ForbiddenError, Outbox, refused, type CommandGroup, type GroupedCommand, type GroupOutcome, type OutboxTransaction } from '@saleswire/messaging';
import { channelKeys } from '../channel-index/channel-keys';
import { conflictsOf } from '../channel-index/conflict.matcher';
import { ChannelKeyStore } from '../channel-index/channel-key.store';
import { ConflictFinder } from '../channel-index/conflict.finder';
import { submissionAccess } from '../common/partner-access.policy';
import { PartnerNotFoundError } from '../partner/partner.errors';
import type { PartnerEntity } from '../partner/partner.entity';
import { PartnerStore } from '../partner/partner.store';
import { PartnerSuspendedError } from './registration.errors';
import { newRegistrationFields } from './registration.factory';
import { toConflictDetected, toRegistrationView, toSubmitted } from './registration.mapper';
import type { DealRegistrationEntity } from './deal-registration.entity';
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
   * Group commit (issue 14): registrations submitted while an earlier group commits are submitted together in the
   * next transaction, set-based (`submitAll`). Each meets the registrations submitted before it, in its own group
   * as in committed ones. The group's keys are locked first, all in one order, as one submission locks its own.
   */
  private readonly submissions: CommandGroup<SubmitCommand, DealRegistrationViewV1>;

  constructor(
    outbox: Outbox,
    private readonly partners: PartnerStore,
    private readonly registrations: RegistrationStore,
    private readonly finder: ConflictFinder,
    private readonly keyIndex: ChannelKeyStore,
  ) {
    this.submissions = outbox.group('submit-registration', (tx, commands) => this.submitAll(tx, commands));
  }

  async submit(partnerId: string, input: SubmitDealRegistrationInputV1, actor: ActorV1): Promise<DealRegistrationViewV1> {
    const access = submissionAccess(actor, partnerId);
    if (access === 'hidden') throw new PartnerNotFoundError(partnerId);
    if (access === 'refused') throw new ForbiddenError('Partners and their channel managers register deals.');
    return this.submissions.run({ partnerId, input, actor, keys: channelKeys(input.customer) });
  }

  /**
   * The group's submissions: their partners read with one look-up, their keys looked up in every channel with one
   * set of look-ups (`hitsOfMany`), the registrations and their keys inserted with one statement each. A
   * submission sharing a key with one before it in the group must meet that one: it is applied alone (`apply`)
   * after the rest, when the registrations before it are in the index.
   */
  private async submitAll(tx: OutboxTransaction, commands: ReadonlyArray<GroupedCommand<SubmitCommand>>): Promise<Array<GroupOutcome<DealRegistrationViewV1>>> {
    const now = new Date();
    // Every key of the group, in one order, before anything is read: a submission or approval sharing one, in
    // another group in flight, waits for this one to commit, so that neither misses the other.
    await this.finder.lockKeys(tx.manager, commands.flatMap(({ input }) => input.keys));
    const partners = await this.partners.visibleMany(tx.manager, commands.map(({ input: { partnerId, actor } }) => ({ id: partnerId, actor })));
    const outcomes: Array<GroupOutcome<DealRegistrationViewV1> | 'alone' | 'together'> = commands.map(({ input: { partnerId, actor } }, i) => {
      const refusal = submissionRefusal(partners[i], partnerId, actor);
      return refusal ? refused(refusal) : 'together';
    });
    const keysBefore = new Set<string>();
    commands.forEach(({ input: { keys } }, i) => {
      if (outcomes[i] !== 'together') return;
      if (keys.some((key) => keysBefore.has(key))) outcomes[i] = 'alone';
      for (const key of keys) keysBefore.add(key);
    });
    const together = commands.flatMap((command, i) => (outcomes[i] === 'together' ? [{ i, command }] : []));
    const hits = await this.finder.hitsOfMany(tx.manager, together.map(({ command: { input } }) => ({ keys: input.keys, partnerId: input.partnerId })), now);
    const conflicts = together.map(({ command: { input } }, j) => conflictsOf(input.keys, hits[j]));
    const stored = await this.registrations.insertMany(
      tx.manager,
      together.map(({ command: { input } }, j) => newRegistrationFields(input.partnerId, input.input, input.keys, conflicts[j], input.actor)),
    );
    // Their keys enter the index with them: the next registration of these customers, by any partner, meets them.
    await this.keyIndex.add(tx.manager, 'registration', stored.map((registration) => ({ id: registration.id, keys: registration.keys })));
    together.forEach(({ i, command }, j) => {
      outcomes[i] = applied(command.within(() => this.announce(tx, stored[j], conflicts[j], command.input.actor, now)));
    });
    for (const [i, command] of commands.entries()) {
      if (outcomes[i] === 'alone') outcomes[i] = await command.within(() => this.apply(tx, command.input));
    }
    return outcomes as Array<GroupOutcome<DealRegistrationViewV1>>;
  }

  /** The registration alone, checked against every channel; refused, before anything is written, for a partner out of sight or suspended. */
  private async apply(tx: OutboxTransaction, { partnerId, input, actor, keys }: SubmitCommand): Promise<GroupOutcome<DealRegistrationViewV1>> {
    const now = new Date();
    const refusal = submissionRefusal(await this.partners.visible(tx.manager, partnerId, actor), partnerId, actor);
    if (refusal) return refused(refusal);
    await this.finder.lockKeys(tx.manager, keys);
    const conflicts = conflictsOf(keys, await this.finder.hits(tx.manager, keys, partnerId, now));
    const [registration] = await this.registrations.insertMany(tx.manager, [newRegistrationFields(partnerId, input, keys, conflicts, actor)]);
    // Its keys enter the index with it: the next registration of this customer, by any partner, meets it.
    await this.keyIndex.add(tx.manager, 'registration', [{ id: registration.id, keys }]);
    return applied(this.announce(tx, registration, conflicts, actor, now));
  }

  /** `registration.submitted`, and `channel-conflict.detected` when it met another channel; answers its view. */
  private announce(tx: OutboxTransaction, registration: DealRegistrationEntity, conflicts: ChannelConflictV1[], actor: ActorV1, now: Date): DealRegistrationViewV1 {
    const draft = { aggregateId: registration.id, aggregateVersion: registration.version, actor };
    tx.emit(DEAL_REGISTRATION_SUBMITTED_V1, { ...draft, payload: toSubmitted(registration) });
    if (conflicts.length) tx.emit(CHANNEL_CONFLICT_DETECTED_V1, { ...draft, payload: toConflictDetected(registration, conflicts, 'submission', now) });
    return toRegistrationView(registration, actor);
  }
}

/** Why a submission for this partner (as its actor sees it: null when out of sight) is refused, or null. */
function submissionRefusal(partner: PartnerEntity | null, partnerId: string, actor: ActorV1): Error | null {
  if (!partner) return new PartnerNotFoundError(partnerId);
  if (partner.status !== 'suspended') return null;
  // The gateway refuses a suspended partner's users already; this answers the one request that raced it.
  return actor.role === 'partner_user' ? new ForbiddenError('Your partner is suspended.') : new PartnerSuspendedError(partnerId);
}
