import type { EventEnvelope } from './common/envelope';
import type { EventContract } from './common/event-contract';
import { DEALS_EVENT_CATALOGUE } from './deals/catalogue';
import { LEADS_EVENT_CATALOGUE } from './leads/catalogue';
import { PARTNERS_EVENT_CATALOGUE } from './partners/catalogue';

/** Every event contract with its fixture: producers' tests and consumers' tests both feed these. */
export const EVENT_CATALOGUE: ReadonlyArray<{ contract: EventContract; fixture: EventEnvelope<object> }> = [
  ...LEADS_EVENT_CATALOGUE,
  ...DEALS_EVENT_CATALOGUE,
  ...PARTNERS_EVENT_CATALOGUE,
];
