import { Injectable } from '@nestjs/common';
import type { ActorV1, CreateDealInputV1, DealViewV1 } from '@saleswire/contracts';
import { applied, ForbiddenError, NotFoundError, oneByOneOrRefused, Outbox, refused, UserDirectory, type CommandGroup, type GroupOutcome, type OutboxTransaction } from '@saleswire/messaging';
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
   * Group commit (issue 14): deals opened while an earlier group commits share its successor's transaction, each
   * opened in turn as it would be alone (a customer check, the deal, its first stage, its team, `deal.created`).
   */
  private readonly creations: CommandGroup<CreateDealCommand, DealViewV1>;

  constructor(
    outbox: Outbox,
    private readonly customers: CustomerService,
    private readonly opener: DealOpener,
    private readonly directory: UserDirectory,
  ) {
    this.creations = outbox.group('create-deal', oneByOneOrRefused((tx, command: CreateDealCommand) => this.open(tx, command)));
  }

  async create(input: CreateDealInputV1, actor: ActorV1): Promise<DealViewV1> {
    const refusal = openRefusal(actor, input.channel);
    if (refusal) throw new ForbiddenError(refusal);
    // The owner and team must be active users; checked before the transaction, since the check may wait a moment.
    return this.creations.run({ input, actor }, () => this.directory.assertActive(dealUserReferences(input)));
  }

  /** The deal opened; refused, before anything is written, when its customer is out of the caller's sight. */
  private async open(tx: OutboxTransaction, { input, actor }: CreateDealCommand): Promise<GroupOutcome<DealViewV1>> {
    try {
      await this.customers.findVisible(tx.manager, input.customerId, customerLookupActor(actor));
    } catch (error) {
      // Only a customer out of sight is this command's refusal; a failed statement fails the group's transaction.
      if (error instanceof NotFoundError) return refused(new UnknownCustomerError(input.customerId));
      throw error;
    }
    const { deal, team } = await this.opener.open(tx, handOpenedSpec(input, actor), actor);
    return applied(toDealView(deal, team));
  }
}
