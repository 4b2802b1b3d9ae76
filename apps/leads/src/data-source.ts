import { buildDataSourceOptions } from '@saleswire/database';
import { MESSAGING_MIGRATIONS, RequestKeys1764700000000, UserDirectory1764800000000 } from '@saleswire/messaging';
import type { DataSourceOptions } from 'typeorm';
import type { LeadsConfig } from './config';
import { LeadEntity } from './lead/lead.entity';
import { MarketingEventEntity } from './marketing-event/marketing-event.entity';
import { CreateLeads1764200000000 } from './migrations/1764200000000-create-leads';
import { LeadWorkflow1764500000000 } from './migrations/1764500000000-lead-workflow';
import { MarketingEvents1764510000000 } from './migrations/1764510000000-marketing-events';
import { LeadImports1764520000000 } from './migrations/1764520000000-lead-imports';
import { AssignmentTurns1764530000000 } from './migrations/1764530000000-assignment-turns';
import { LeadImportSlices1764540000000 } from './migrations/1764540000000-lead-import-slices';
import { CreationInHistory1764550000000 } from './migrations/1764550000000-creation-in-history';
import { LeadRegion1765100000000 } from './migrations/1765100000000-lead-region';
import { LeadListIndexes1765200000010 } from './migrations/1765200000010-lead-list-indexes';
import { PhoneKeys1765900000000 } from './migrations/1765900000000-phone-keys';
import { LeadAssigneeSourceIndex1766000000000 } from './migrations/1766000000000-lead-assignee-source-index';
import { ContactKeys1766200000000 } from './migrations/1766200000000-contact-keys';

/** Listed explicitly (not globbed) so that the same list works from .ts in tests and from built .js. */
export const ENTITIES = [LeadEntity, MarketingEventEntity];
export const MIGRATIONS = [
  ...MESSAGING_MIGRATIONS,
  CreateLeads1764200000000,
  LeadWorkflow1764500000000,
  MarketingEvents1764510000000,
  LeadImports1764520000000,
  AssignmentTurns1764530000000,
  LeadImportSlices1764540000000,
  CreationInHistory1764550000000,
  // Idempotency keys recorded with the commands' changes (ADR 0010).
  RequestKeys1764700000000,
  // The users the gateway publishes, to check the ones a request names (ADR 0016).
  UserDirectory1764800000000,
  LeadRegion1765100000000,
  // The list's indexes at a million leads, and trigram search (issue 16, ADR 0019).
  LeadListIndexes1765200000010,
  // Stored phone keys by the platform's one phone rule (a trunk 8 is +7; ADR 0019).
  PhoneKeys1765900000000,
  // A manager's own leads by source: the zero-hit combinations took a second at a million (issue 16).
  LeadAssigneeSourceIndex1766000000000,
  ContactKeys1766200000000,
];

/** The DataSource options `npm run migrate` uses. */
export function dataSourceOptions(config: LeadsConfig): DataSourceOptions {
  return buildDataSourceOptions(config.database, { entities: ENTITIES, migrations: MIGRATIONS, applicationName: 'leads-migrate' });
}
