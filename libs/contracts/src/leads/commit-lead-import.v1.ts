import { defineRpc } from '../common/event-contract';
import { LeadImportJobRequestV1 } from './lead-import.values';
import type { LeadImportJobViewV1 } from './lead-import.views';

/** `rpc.leads.commit-lead-import.v1`: every row was staged; the job is queued. Answers the job. */
export const COMMIT_LEAD_IMPORT_V1 = defineRpc('leads', 'commit-lead-import', 1, LeadImportJobRequestV1).replies<LeadImportJobViewV1>();
