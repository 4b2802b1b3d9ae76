import { buildDataSourceOptions } from '@saleswire/database';
import { MESSAGING_MIGRATIONS, RequestKeys1764700000000, UserDirectory1764800000000 } from '@saleswire/messaging';
import type { DataSourceOptions } from 'typeorm';
import type { DealsConfig } from './config';
import { CustomerContactEntity, CustomerEntity } from './customer/customer.entity';
import { DealEntity, DealStageHistoryEntity, DealTeamMemberEntity } from './deal/deal.entity';
import { CreateDeals1764500000100 } from './migrations/1764500000100-create-deals';
import { SeedPipelines1764500000200 } from './migrations/1764500000200-seed-pipelines';
import { CreateCustomerContacts1764500000300 } from './migrations/1764500000300-create-customer-contacts';
import { AnnouncePipelines1764800000100 } from './migrations/1764800000100-announce-pipelines';
import { IndexesForReads1765300000001 } from './migrations/1765300000001-indexes-for-reads';
import { CustomerRhythm1765300000004 } from './migrations/1765300000004-customer-rhythm';
import { DealSearchByCustomer1765800000000 } from './migrations/1765800000000-deal-search-by-customer';
import { CustomerPhoneKeys1765900000001 } from './migrations/1765900000001-customer-phone-keys';
import { PaymentEntity } from './payment/payment.entity';
import { PipelineEntity, PipelineStageEntity } from './pipeline/pipeline.entity';

export const ENTITIES = [
  CustomerEntity,
  CustomerContactEntity,
  PipelineEntity,
  PipelineStageEntity,
  DealEntity,
  DealStageHistoryEntity,
  DealTeamMemberEntity,
  PaymentEntity,
];
/** Listed explicitly (not globbed) so that the same list works from .ts in tests and from built .js. */
export const MIGRATIONS = [
  ...MESSAGING_MIGRATIONS,
  CreateDeals1764500000100,
  SeedPipelines1764500000200,
  CreateCustomerContacts1764500000300,
  // Idempotency keys recorded with the commands' changes (ADR 0010).
  RequestKeys1764700000000,
  // pipeline.created for the pipelines made before it was published (reporting lays out funnels from it).
  AnnouncePipelines1764800000100,
  // The users the gateway publishes, to check the ones a request names (ADR 0016).
  UserDirectory1764800000000,
  // Indexes and trigram search for the lists at a million deals (issue 16).
  IndexesForReads1765300000001,
  // Each customer's buying rhythm kept with its wins: repeat sales due without aggregating every won deal.
  CustomerRhythm1765300000004,
  // Deal search by the customer's name too, and indexes for the stage, direction and expected-close filters.
  DealSearchByCustomer1765800000000,
  // Customers' phone keys by the platform's one phone rule, the leads service's too (a trunk 8 is +7; ADR 0019).
  CustomerPhoneKeys1765900000001,
];

/** The DataSource options `npm run migrate` uses. */
export function dataSourceOptions(config: DealsConfig): DataSourceOptions {
  return buildDataSourceOptions(config.database, { entities: ENTITIES, migrations: MIGRATIONS, applicationName: 'deals-migrate' });
}
