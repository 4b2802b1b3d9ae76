// The partner's live feed (GET /partners/{id}/feed through the SDK's SSE iterator) keeping the portal current:
// each event refreshes the queries it changes (TanStack Query invalidation), and the newest events are listed.
import type { SaleswireClient } from '@saleswire/sdk';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { portalKey, type Section } from './portal-views';

export interface FeedItem {
  id: string | undefined;
  type: string;
  occurredAt: string | null;
  /** The event in words: "lead offer made". */
  text: string;
}

/** Which of the portal's sections an event of the partners stream changes (`partners.lead-offer.made` → offers). */
export function sectionsChangedBy(type: string): Section[] {
  if (type.includes('.lead-offer.')) return ['offers'];
  // A decided registration may open a deal, a closed one ends with it.
  if (type.includes('.deal-registration.')) return ['registrations', 'deals'];
  if (type.includes('.channel-conflict.')) return ['registrations'];
  if (type.includes('.commission.')) return ['commissions', 'deals'];
  if (type.includes('.partner.')) return ['registrations', 'offers', 'deals', 'commissions'];
  // The partner's own deals as they move, are paid, won or lost (ADR 0023's notices).
  if (type.includes('.partner-deal.')) return ['deals'];
  // An accepted lead's later changes: the portal lists offers, not leads, so the feed line is what shows them.
  return [];
}

/** `partners.lead-offer.made` → "Lead offer made". */
export function describeEvent(type: string): string {
  const words = type.replace(/^partners\./, '').replace(/[.-]/g, ' ').trim();
  return words ? words[0].toUpperCase() + words.slice(1) : type;
}

export function feedItemOf(event: { id: string | undefined; event: string; data: string }): FeedItem {
  let occurredAt: string | null = null;
  try {
    const data = JSON.parse(event.data) as { occurredAt?: unknown };
    if (typeof data.occurredAt === 'string') occurredAt = data.occurredAt;
  } catch {
    // A heartbeat-like or malformed event still counts as news; it just has no time.
  }
  return { id: event.id, type: event.event, occurredAt, text: describeEvent(event.event) };
}

/** At most this many events are listed; older ones drop off. */
export const FEED_LENGTH = 20;

export type FeedState = 'connecting' | 'live' | 'stopped';

/**
 * Follows the partner's feed while the portal is open (the SDK reconnects with Last-Event-ID); stops when the
 * page closes or the partner changes. A failure that ends the iteration (a problem answer) shows as `stopped`.
 */
export function usePartnerFeed(client: SaleswireClient, partnerId: string): { items: FeedItem[]; state: FeedState } {
  const queries = useQueryClient();
  const [items, setItems] = useState<FeedItem[]>([]);
  const [state, setState] = useState<FeedState>('connecting');
  useEffect(() => {
    const stop = new AbortController();
    setItems([]);
    setState('connecting');
    void (async () => {
      try {
        const feed = client.feed(partnerId, { signal: stop.signal });
        setState('live');
        for await (const event of feed) {
          const item = feedItemOf(event);
          setItems((current) => [item, ...current].slice(0, FEED_LENGTH));
          for (const section of sectionsChangedBy(event.event)) void queries.invalidateQueries({ queryKey: portalKey(partnerId, section) });
        }
      } catch {
        // The feed refused (a suspended partner, a signed-out user): the page still works without live updates.
      }
      if (!stop.signal.aborted) setState('stopped');
    })();
    return () => stop.abort();
  }, [client, partnerId, queries]);
  return { items, state };
}
