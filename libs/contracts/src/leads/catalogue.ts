import type { EventEnvelope } from '../common/envelope';
import type { EventContract } from '../common/event-contract';
import { LEAD_ASSIGNED_V1, leadAssignedV1Fixture } from './lead-assigned.v1';
import { LEAD_CONVERTED_V1, leadConvertedV1Fixture } from './lead-converted.v1';
import { LEAD_CREATED_V1, leadCreatedV1Fixture } from './lead-created.v1';
import { LEAD_IMPORT_LEADS_CREATED_V1, leadImportLeadsCreatedV1Fixture } from './lead-import-leads-created.v1';
import { LEAD_STATUS_CHANGED_V1, leadStatusChangedV1Fixture } from './lead-status-changed.v1';
import { LEAD_UPDATED_V1, leadUpdatedV1Fixture } from './lead-updated.v1';
import { MARKETING_EVENT_CREATED_V1, marketingEventCreatedV1Fixture } from './marketing-event-created.v1';

/** Every event the leads service publishes, with its fixture; `registry.ts` spreads them into EVENT_CATALOGUE. */
export const LEADS_EVENT_CATALOGUE: ReadonlyArray<{ contract: EventContract; fixture: EventEnvelope<object> }> = [
  { contract: LEAD_CREATED_V1, fixture: leadCreatedV1Fixture },
  { contract: LEAD_CONVERTED_V1, fixture: leadConvertedV1Fixture },
  { contract: LEAD_ASSIGNED_V1, fixture: leadAssignedV1Fixture },
  { contract: LEAD_IMPORT_LEADS_CREATED_V1, fixture: leadImportLeadsCreatedV1Fixture },
  { contract: LEAD_STATUS_CHANGED_V1, fixture: leadStatusChangedV1Fixture },
  { contract: LEAD_UPDATED_V1, fixture: leadUpdatedV1Fixture },
  { contract: MARKETING_EVENT_CREATED_V1, fixture: marketingEventCreatedV1Fixture },
];
