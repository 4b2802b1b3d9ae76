import { Injectable } from '@nestjs/common';
import { type ActorV1, PARTNER_UPDATED_V1, type PartnerViewV1, type UpdatePartnerInputV1 } from '@saleswire/contracts';
import { ForbiddenError, Outbox, StaleVersionError } from '@saleswire/messaging';
import { managementRefusal } from '../common/partner-access.policy';
import { toPartnerUpdated, toPartnerView } from './partner.mapper';
import { partnerChanges } from './partner.policy';
import { PartnerStore } from './partner.store';

/** `PATCH /partners/{id}` with `If-Match`: name, kind, tier, territories, rate and routing weight. */
@Injectable()
export class PartnerUpdateService {
  constructor(
    private readonly outbox: Outbox,
    private readonly store: PartnerStore,
  ) {}

  /** 412 when the version moved on; a new rate is logged from this moment, for the commissions of later wins. */
  async update(id: string, expectedVersion: number, input: UpdatePartnerInputV1, actor: ActorV1): Promise<PartnerViewV1> {
    const refusal = managementRefusal(actor, 'partners');
    if (refusal) throw new ForbiddenError(refusal);
    return this.outbox.transaction(async (tx) => {
      const partner = await this.store.lockVisible(tx.manager, id, actor);
      if (partner.version !== expectedVersion) throw new StaleVersionError(partner.version, expectedVersion, 'partner');
      const { next, changed } = partnerChanges(partner, input);
      if (changed.length === 0) return toPartnerView(partner);
      const saved = await this.store.save(tx.manager, Object.assign(partner, next));
      if (changed.includes('commissionRate')) await this.store.recordRate(tx.manager, saved.id, saved.commissionRate, saved.updatedAt);
      tx.emit(PARTNER_UPDATED_V1, { aggregateId: saved.id, aggregateVersion: saved.version, actor, payload: toPartnerUpdated(saved, changed) });
      return toPartnerView(saved);
    });
  }
}
