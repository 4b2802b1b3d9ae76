import { Injectable } from '@nestjs/common';
import { type ActorV1, type CreatePartnerInputV1, PARTNER_CREATED_V1, type PartnerViewV1 } from '@saleswire/contracts';
import { ForbiddenError, Outbox } from '@saleswire/messaging';
import { managementRefusal } from '../common/partner-access.policy';
import { newPartnerFields } from './partner.factory';
import { toPartnerCreated, toPartnerView } from './partner.mapper';
import { PartnerStore } from './partner.store';

/** `POST /partners`: signs a partner up, active, with its first commission rate on record. */
@Injectable()
export class PartnerCreateService {
  constructor(
    private readonly outbox: Outbox,
    private readonly store: PartnerStore,
  ) {}

  async create(input: CreatePartnerInputV1, actor: ActorV1): Promise<PartnerViewV1> {
    const refusal = managementRefusal(actor, 'partners');
    if (refusal) throw new ForbiddenError(refusal);
    return this.outbox.command(async (tx) => {
      const partner = await this.store.insert(tx.manager, newPartnerFields(input, actor));
      await this.store.recordRate(tx.manager, partner.id, partner.commissionRate, partner.createdAt);
      tx.emit(PARTNER_CREATED_V1, { aggregateId: partner.id, aggregateVersion: partner.version, actor, payload: toPartnerCreated(partner) });
      return toPartnerView(partner);
    });
  }
}
