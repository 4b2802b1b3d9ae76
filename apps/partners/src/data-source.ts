import { buildDataSourceOptions } from '@saleswire/database';
import { MESSAGING_MIGRATIONS, RequestKeys1764700000000 } from '@saleswire/messaging';
import type { DataSourceOptions } from 'typeorm';
import type { PartnersConfig } from './config';

export const ENTITIES = [];
/** Listed explicitly (not globbed) so that the same list works from .ts in tests and from built .js. */
// The request keys of the commands to come (deal registrations, offers, commissions), as DESIGN.md has it.
export const MIGRATIONS = [...MESSAGING_MIGRATIONS, RequestKeys1764700000000];

/** The DataSource options `npm run migrate` uses. */
export function dataSourceOptions(config: PartnersConfig): DataSourceOptions {
  return buildDataSourceOptions(config.database, { entities: ENTITIES, migrations: MIGRATIONS, applicationName: 'partners-migrate' });
}
