import { Injectable } from '@nestjs/common';
import type { ActorV1, CreateDealInputV1, DealViewV1 } from '@saleswire/contracts';
import { ForbiddenError, Outbox, UserDirectory } from '@saleswire/messaging';
import { CustomerService } from '../customer/customer.service';
import { UnknownCustomerError } from './deal.errors';
import { handOpenedSpec } from './deal.factory';
import { toDealView } from './deal.mapper';
import { dealUserReferences } from './deal-users';
import { DealOpener } from './deal.opener';
import { customerLookupActor, openRefusal } from './deal-access.policy';

/** `POST /deals`: a deal opened by hand, for a customer the caller can see. */
@Injectable()
export class DealService {
  constructor(
    private readonly outbox: Outbox,
    private readonly customers: CustomerService,
    private readonly opener: DealOpener,
    private readonly directory: UserDirectory,
  ) {}

  async create(input: CreateDealInputV1, actor: ActorV1): Promise<DealViewV1> {
    const refusal = openRefusal(actor, input.channel);
    if (refusal) throw new ForbiddenError(refusal);
    // The owner and team must be active users; checked before the transaction, since the check may wait a moment.
    return this.outbox.command(
      () => this.directory.assertActive(dealUserReferences(input)),
      async (tx) => {
        await this.customers.findVisible(tx.manager, input.customerId, customerLookupActor(actor)).catch(() => {
          throw new UnknownCustomerError(input.customerId);
        });
        const { deal, team } = await this.opener.open(tx, handOpenedSpec(input, actor), actor);
        return toDealView(deal, team);
      },
    );
  }
}
