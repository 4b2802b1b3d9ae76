import { buildDataSourceOptions } from '@saleswire/database';
import { MESSAGING_MIGRATIONS, RequestKeys1764700000000 } from '@saleswire/messaging';
import type { DataSourceOptions } from 'typeorm';
import { CommissionEntity } from './commission/commission.entity';
import type { PartnersConfig } from './config';
import { CreatePartners1765000000100 } from './migrations/1765000000100-create-partners';
import { CreateDealRegistrations1765000000200 } from './migrations/1765000000200-create-deal-registrations';
import { CreateChannelIndex1765000000300 } from './migrations/1765000000300-create-channel-index';
import { CreateCommissions1765000000400 } from './migrations/1765000000400-create-commissions';
import { CreateLeadOffers1765000000500 } from './migrations/1765000000500-create-lead-offers';
import { IndexesForReads1765300000002 } from './migrations/1765300000002-indexes-for-reads';
import { PartnerFeedNotices1765500000001 } from './migrations/1765500000001-partner-feed-notices';
import { PartnerAllowedOrigins1765600000001 } from './migrations/1765600000001-partner-allowed-origins';
import { LeadOfferEntity } from './lead-offer/lead-offer.entity';
import { PartnerEntity } from './partner/partner.entity';
import { DealRegistrationEntity } from './registration/deal-registration.entity';

export const ENTITIES = [PartnerEntity, DealRegistrationEntity, CommissionEntity, LeadOfferEntity];
/** Listed explicitly (not globbed) so that the same list works from .ts in tests and from built .js. */
export const MIGRATIONS = [
  ...MESSAGING_MIGRATIONS,
  RequestKeys1764700000000,
  CreatePartners1765000000100,
  CreateDealRegistrations1765000000200,
  CreateChannelIndex1765000000300,
  CreateCommissions1765000000400,
  CreateLeadOffers1765000000500,
  // The lists' filters with their keyset order (issue 16).
  IndexesForReads1765300000002,
  PartnerFeedNotices1765500000001,
  PartnerAllowedOrigins1765600000001,
];

/** The DataSource options `npm run migrate` uses. */
export function dataSourceOptions(config: PartnersConfig): DataSourceOptions {
  return buildDataSourceOptions(config.database, { entities: ENTITIES, migrations: MIGRATIONS, applicationName: 'partners-migrate' });
}
