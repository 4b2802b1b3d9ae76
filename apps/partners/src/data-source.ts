import { buildDataSourceOptions } from '@saleswire/database';
import { MessagingTables1764100000000 } from '@saleswire/messaging';
import type { DataSourceOptions } from 'typeorm';
import type { PartnersConfig } from './config';

export const ENTITIES = [];
/** Listed explicitly (not globbed) so that the same list works from .ts in tests and from built .js. */
export const MIGRATIONS = [MessagingTables1764100000000];

/** The DataSource options `npm run migrate` uses. */
export function dataSourceOptions(config: PartnersConfig): DataSourceOptions {
  return buildDataSourceOptions(config.database, { entities: ENTITIES, migrations: MIGRATIONS, applicationName: 'partners-migrate' });
}
