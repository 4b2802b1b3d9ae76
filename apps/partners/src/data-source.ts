import { buildDataSourceOptions } from '@saleswire/database';
import { MESSAGING_MIGRATIONS } from '@saleswire/messaging';
import type { DataSourceOptions } from 'typeorm';
import type { PartnersConfig } from './config';

export const ENTITIES = [];
/** Listed explicitly (not globbed) so that the same list works from .ts in tests and from built .js. */
export const MIGRATIONS = [...MESSAGING_MIGRATIONS];

/** The DataSource options `npm run migrate` uses. */
export function dataSourceOptions(config: PartnersConfig): DataSourceOptions {
  return buildDataSourceOptions(config.database, { entities: ENTITIES, migrations: MIGRATIONS, applicationName: 'partners-migrate' });
}
