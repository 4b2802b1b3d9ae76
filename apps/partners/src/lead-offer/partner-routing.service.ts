import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ActorV1, PartnerRoutingInputV1, PartnerRoutingViewV1 } from '@saleswire/contracts';
import { ForbiddenError, Outbox } from '@saleswire/messaging';
import type { DataSource } from 'typeorm';
import { routingRefusal } from './lead-offer.policy';
import { PartnerRoutingStore } from './partner-routing.store';

/** `GET|PUT /partner-routing`: the channel side and heads of sales read and set it; leads created from then on follow it. */
@Injectable()
export class PartnerRoutingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly store: PartnerRoutingStore,
  ) {}

  get(actor: ActorV1): Promise<PartnerRoutingViewV1> {
    const refusal = routingRefusal(actor);
    if (refusal) throw new ForbiddenError(refusal);
    return this.store.get(this.dataSource.manager);
  }

  put(input: PartnerRoutingInputV1, actor: ActorV1): Promise<PartnerRoutingViewV1> {
    const refusal = routingRefusal(actor);
    if (refusal) throw new ForbiddenError(refusal);
    return this.outbox.command((tx) => this.store.put(tx.manager, input, actor));
  }
}
