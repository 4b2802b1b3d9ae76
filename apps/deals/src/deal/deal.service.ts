import { Injectable } from '@nestjs/common';
import type { ActorV1, CreateDealInputV1, DealViewV1 } from '@saleswire/contracts';
import { applied, ForbiddenError, Outbox, refused, UserDirectory, type CommandGroup, type GroupedCommand, type GroupOutcome, type OutboxTransaction } from '@saleswire/messaging';
import { visibleByScope } from '../common/record-scope';
import { CustomerService } from '../customer/customer.service';
import { UnknownCustomerError } from './deal.errors';
import { handOpenedSpec } from './deal.factory';
import { toDealView } from './deal.mapper';
import { dealUserReferences } from './deal-users';
import { DealOpener } from './deal.opener';
import { customerLookupActor, openRefusal } from './deal-access.policy';

interface CreateDealCommand {
  input: CreateDealInputV1;
  actor: ActorV1;
}

/** `POST /deals`: a deal opened by hand, for a customer the caller can see. */
@Injectable()
export class DealService {
  /**
   * Group commit (issue 14): deals opened while an earlier group commits are opened together in the next
   * transaction, set-based: one look-up of the customers each caller may see, then the deals, their first stages
   * and teams with one insert each (DealOpener.openMany). A deal does not depend on the others opened beside it.
   */
  private readonly creations: CommandGroup<CreateDealCommand, DealViewV1>;

  constructor(
    outbox: Outbox,
    private readonly customers: CustomerService,
    private readonly opener: DealOpener,
    private readonly directory: UserDirectory,
  ) {
    this.creations = outbox.group('create-deal', (tx, commands) => this.openAll(tx, commands));
  }

  async create(input: CreateDealInputV1, actor: ActorV1): Promise<DealViewV1> {
    const refusal = openRefusal(actor, input.channel);
    if (refusal) throw new ForbiddenError(refusal);
    // The owner and team must be active users; checked before the transaction, since the check may wait a moment.
    return this.creations.run({ input, actor }, () => this.directory.assertActive(dealUserReferences(input)));
  }

  /** The deals opened, each refused alone, before anything is written, when its customer is out of its caller's sight. */
  private async openAll(tx: OutboxTransaction, commands: ReadonlyArray<GroupedCommand<CreateDealCommand>>): Promise<Array<GroupOutcome<DealViewV1>>> {
    // One look-up per caller's scope (a group mostly holds one caller's or a few callers' deals).
    const lookups = commands.map(({ input }) => ({ actor: customerLookupActor(input.actor), id: input.input.customerId }));
    const seen = await visibleByScope(lookups, (actor, ids) => this.customers.visibleIds(tx.manager, ids, actor));
    const toOpen = commands.filter((_, i) => seen[i]);
    const opened = await this.opener.openMany(
      tx,
      toOpen.map(({ input: { input, actor }, within }) => ({ spec: handOpenedSpec(input, actor), actor, within })),
    );
    let next = 0;
    return commands.map(({ input }, i) => {
      if (!seen[i]) return refused(new UnknownCustomerError(input.input.customerId));
      const { deal, team } = opened[next++];
      return applied(toDealView(deal, team));
    });
  }
}
