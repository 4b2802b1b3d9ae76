import type { EventEnvelope } from './common/envelope';
import type { EventContract, RpcContract } from './common/event-contract';
import type { InputExample } from './common/input-example';
import { DEALS_EVENT_CATALOGUE } from './deals/catalogue';
import { DEALS_INPUT_EXAMPLES } from './deals/input-examples';
import { IAM_EVENT_CATALOGUE } from './iam/catalogue';
import { LEADS_EVENT_CATALOGUE } from './leads/catalogue';
import { LEADS_INPUT_EXAMPLES } from './leads/input-examples';
import { PARTNERS_EVENT_CATALOGUE } from './partners/catalogue';
import { PARTNERS_INPUT_EXAMPLES } from './partners/input-examples';
import { GET_DASHBOARD_REPORTS_V1, getDashboardReportsRequestV1Fixture } from './reporting/get-dashboard-reports.v1';
import { REPORTING_INPUT_EXAMPLES } from './reporting/input-examples';

/** Every event contract with its fixture: producers' tests and consumers' tests both feed these. */
export const EVENT_CATALOGUE: ReadonlyArray<{ contract: EventContract; fixture: EventEnvelope<object> }> = [
  ...LEADS_EVENT_CATALOGUE,
  ...DEALS_EVENT_CATALOGUE,
  ...PARTNERS_EVENT_CATALOGUE,
  ...IAM_EVENT_CATALOGUE,
];

/** A valid example of every request body the gateway takes from clients: the OpenAPI document shows them. */
export const INPUT_EXAMPLES: readonly InputExample[] = [...LEADS_INPUT_EXAMPLES, ...DEALS_INPUT_EXAMPLES, ...PARTNERS_INPUT_EXAMPLES, ...REPORTING_INPUT_EXAMPLES];

/**
 * Request contracts with a fixture: a valid request that the handler's tests feed (the dashboard's reports, so far;
 * the older requests are exercised through the gateway's routes instead).
 */
export const RPC_CATALOGUE: ReadonlyArray<{ contract: RpcContract; fixture: object }> = [
  { contract: GET_DASHBOARD_REPORTS_V1, fixture: getDashboardReportsRequestV1Fixture },
];
