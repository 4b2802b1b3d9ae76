import { buildDataSourceOptions } from '@saleswire/database';
import { MessagingTables1764100000000 } from '@saleswire/messaging';
import type { DataSourceOptions } from 'typeorm';
import type { LeadsConfig } from './config';
import { LeadEntity } from './lead/lead.entity';
import { CreateLeads1764200000000 } from './migrations/1764200000000-create-leads';

/** Listed explicitly (not globbed) so that the same list works from .ts in tests and from built .js. */
export const ENTITIES = [LeadEntity];
export const MIGRATIONS = [MessagingTables1764100000000, CreateLeads1764200000000];

/** The DataSource options `npm run migrate` uses. */
export function dataSourceOptions(config: LeadsConfig): DataSourceOptions {
  return buildDataSourceOptions(config.database, { entities: ENTITIES, migrations: MIGRATIONS, applicationName: 'leads-migrate' });
}
