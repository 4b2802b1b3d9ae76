import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ActorV1, CustomerPartnerV1 } from '@saleswire/contracts';
import { In, type DataSource } from 'typeorm';
import { ChannelIndexReader } from '../channel-index/channel-index.reader';
import { reaches } from '../common/partner-access.policy';
import { toPartnerSummary } from '../partner/partner.mapper';
import { PartnerStore } from '../partner/partner.store';
import { DealRegistrationEntity } from '../registration/deal-registration.entity';

/**
 * The `partner` of a customer's history: the partner whose approved registration protects the customer now, else
 * the partner of the customer's newest indirect deal; null when none, or when it is not the calling partner user's.
 * The customer is known here only through the deals the index heard of (deal.created names the registration).
 */
@Injectable()
export class CustomerPartnerService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly index: ChannelIndexReader,
    private readonly partners: PartnerStore,
  ) {}

  async partnerOf(customerId: string, actor: ActorV1, now = new Date()): Promise<{ partner: CustomerPartnerV1 | null }> {
    const manager = this.dataSource.manager;
    const deals = await this.index.partnerDealsOf(manager, customerId);
    if (deals.length === 0) return { partner: null };
    const registrations = await manager.find(DealRegistrationEntity, {
      where: { dealId: In(deals.map((deal) => deal.dealId)), status: 'approved' },
      order: { decidedAt: 'DESC' },
    });
    const protecting = registrations.find((registration) => registration.protectedUntil && registration.protectedUntil > now);
    const partnerId = protecting?.partnerId ?? deals[0].partnerId;
    if (!reaches(actor, partnerId)) return { partner: null };
    const partner = await this.partners.find(manager, partnerId);
    if (!partner) return { partner: null };
    return {
      partner: protecting
        ? { ...toPartnerSummary(partner), via: 'registration', registrationId: protecting.id, protectedUntil: protecting.protectedUntil!.toISOString(), dealId: protecting.dealId }
        : { ...toPartnerSummary(partner), via: 'deal', registrationId: deals[0].registrationId, protectedUntil: null, dealId: deals[0].dealId },
    };
  }
}
