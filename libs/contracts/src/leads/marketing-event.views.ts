import type { MarketingEventKind } from './marketing-event.values';

/** A marketing event as the leads service answers it. */
export interface MarketingEventViewV1 {
  id: string;
  name: string;
  kind: MarketingEventKind;
  startsOn: string;
  endsOn: string;
  city: string | null;
  cost: number | null;
  currency: string | null;
  version: number;
  createdAt: string;
}
