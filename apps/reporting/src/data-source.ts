import { buildDataSourceOptions } from '@saleswire/database';
import { MESSAGING_MIGRATIONS, RequestKeys1764700000000 } from '@saleswire/messaging';
import type { DataSourceOptions } from 'typeorm';
import type { ReportingConfig } from './config';
import { CreateLeadFacts1764300000000 } from './migrations/1764300000000-create-lead-facts';
import { CreateReportFacts1764800000000 } from './migrations/1764800000000-create-report-facts';
import { LeadSourceReturns1764800000100 } from './migrations/1764800000100-lead-source-returns';
import { LeadOffersAndDealHistory1765400000001 } from './migrations/1765400000001-lead-offers-and-deal-history';
import { DealAggregates1765700000000 } from './migrations/1765700000000-deal-aggregates';
import { DealRollups1766100000000 } from './migrations/1766100000000-deal-rollups';
import { LeadAggregates1766300000000 } from './migrations/1766300000000-lead-aggregates';
import { PartnerAggregates1766400000000 } from './migrations/1766400000000-partner-aggregates';
import { PartnerFactsFreshness1766500000000 } from './migrations/1766500000000-partner-facts-freshness';
import { AllTimeRowsIndex1766500000100 } from './migrations/1766500000100-all-time-rows-index';
import { YearRows1766600000000 } from './migrations/1766600000000-year-rows';
import { DealFactHot1766700000000 } from './migrations/1766700000000-deal-fact-hot';
import { CycleIndexCovers1766800000000 } from './migrations/1766800000000-cycle-index-covers';
import { AllTimeTables1766900000000 } from './migrations/1766900000000-all-time-tables';
import { AllTimeRollups1767000000000 } from './migrations/1767000000000-all-time-rollups';
import { OwnerCycleIndex1767100000000 } from './migrations/1767100000000-owner-cycle-index';
import { YearTables1767200000000 } from './migrations/1767200000000-year-tables';
import { SmallTablesFillFactor1767300000000 } from './migrations/1767300000000-small-tables-fill-factor';
import { CycleIndexesCoverFilters1767400000000 } from './migrations/1767400000000-cycle-indexes-cover-filters';
import { OwnerChannelRollup1767500000000 } from './migrations/1767500000000-owner-channel-rollup';

/** Reporting keeps read models only, written with SQL by its projections: no entities yet. */
export const ENTITIES = [];
/** Listed explicitly (not globbed) so that the same list works from .ts in tests and from built .js. */
export const MIGRATIONS = [
  ...MESSAGING_MIGRATIONS,
  CreateLeadFacts1764300000000,
  // Idempotency keys of the sales plans' commands (ADR 0010).
  RequestKeys1764700000000,
  CreateReportFacts1764800000000,
  LeadSourceReturns1764800000100,
  LeadOffersAndDealHistory1765400000001,
  DealAggregates1765700000000,
  DealRollups1766100000000,
  LeadAggregates1766300000000,
  PartnerAggregates1766400000000,
  PartnerFactsFreshness1766500000000,
  AllTimeRowsIndex1766500000100,
  YearRows1766600000000,
  // deal_fact's updates HOT: dataAsOf's newest deal event kept in a row, not read from an index of deal_fact.
  DealFactHot1766700000000,
  // The median's won deals read from the cycle index alone: it holds both moments.
  CycleIndexCovers1766800000000,
  // Each rollup's all-time rows in a table of their own: a report over all of time reads a few pages.
  AllTimeTables1766900000000,
  // All-time rollups by the owner alone and the partner alone: the managers and partners reports' rows as they are.
  AllTimeRollups1767000000000,
  OwnerCycleIndex1767100000000,
  YearTables1767200000000,
  SmallTablesFillFactor1767300000000,
  // Every filter checked in the median's cycle indexes alone; a partner's median by its own cycle index.
  CycleIndexesCoverFilters1767400000000,
  // A rollup by owner and channel: the managers report of a channel or a period reads a row per owner and channel.
  OwnerChannelRollup1767500000000,
];

/** The DataSource options `npm run migrate` uses. */
export function dataSourceOptions(config: ReportingConfig): DataSourceOptions {
  return buildDataSourceOptions(config.database, { entities: ENTITIES, migrations: MIGRATIONS, applicationName: 'reporting-migrate' });
}
