import { defineRpc } from '../common/event-contract';
import { LeadImportJobRequestV1 } from './lead-import.values';
import type { LeadImportJobViewV1 } from './lead-import.views';

/** `rpc.leads.get-lead-import.v1`: the job's status and progress, and the rows it rejected. */
export const GET_LEAD_IMPORT_V1 = defineRpc('leads', 'get-lead-import', 1, LeadImportJobRequestV1).replies<LeadImportJobViewV1>();
