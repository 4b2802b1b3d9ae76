import { Injectable } from '@nestjs/common';
import { type ActorV1, PARTNER_UPDATED_V1, type PartnerStatus, type PartnerStatusChangeInputV1, type PartnerViewV1 } from '@saleswire/contracts';
import { ForbiddenError, Outbox } from '@saleswire/messaging';
import { managementRefusal } from '../common/partner-access.policy';
import { PartnerStatusError } from './partner.errors';
import { toPartnerUpdated, toPartnerView } from './partner.mapper';
import { statusChangeRefusal } from './partner.policy';
import { PartnerStore } from './partner.store';

/**
 * `POST /partners/{id}/suspend` and `/reactivate`. The change is a `partner.updated` naming `status`: the gateway
 * hears it and refuses (or again admits) the partner's users and keys without asking this service per request.
 */
@Injectable()
export class PartnerStatusService {
  constructor(
    private readonly outbox: Outbox,
    private readonly store: PartnerStore,
  ) {}

  suspend(id: string, input: PartnerStatusChangeInputV1, actor: ActorV1): Promise<PartnerViewV1> {
    return this.change(id, 'suspended', input, actor);
  }

  reactivate(id: string, input: PartnerStatusChangeInputV1, actor: ActorV1): Promise<PartnerViewV1> {
    return this.change(id, 'active', input, actor);
  }

  private async change(id: string, to: PartnerStatus, input: PartnerStatusChangeInputV1, actor: ActorV1): Promise<PartnerViewV1> {
    const refusal = managementRefusal(actor, 'partners');
    if (refusal) throw new ForbiddenError(refusal);
    return this.outbox.command(async (tx) => {
      const partner = await this.store.lockVisible(tx.manager, id, actor);
      const ruleRefusal = statusChangeRefusal(partner.status, to);
      if (ruleRefusal) throw new PartnerStatusError(ruleRefusal);
      const reason = input.reason?.trim() || null;
      const saved = await this.store.save(tx.manager, Object.assign(partner, { status: to, statusReason: reason, statusChangedAt: new Date() }));
      tx.emit(PARTNER_UPDATED_V1, { aggregateId: saved.id, aggregateVersion: saved.version, actor, payload: toPartnerUpdated(saved, ['status'], reason) });
      return toPartnerView(saved);
    });
  }
}
