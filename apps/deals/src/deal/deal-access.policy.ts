import { type ActorV1, type Channel, SYSTEM_ACTOR } from '@saleswire/contracts';

const OPENS_DEALS: ReadonlyArray<ActorV1['role']> = ['admin', 'head_of_sales', 'manager', 'channel_manager', 'system'];

/** Why the actor may not open a deal on this channel by hand, or null when it may. */
export function openRefusal(actor: ActorV1, channel: Channel): string | null {
  if (!OPENS_DEALS.includes(actor.role)) return 'Partners register deals; they do not open them.';
  if (actor.role === 'channel_manager' && channel !== 'indirect') {
    return 'Channel managers open indirect deals; direct deals are the sales managers’.';
  }
  return null;
}

/**
 * Whose sight the customer of a new deal is checked with: a manager opens deals for the customers they see; a
 * channel manager (indirect deals) and the heads of the department open them for any customer.
 */
export function customerLookupActor(actor: ActorV1): ActorV1 {
  return actor.role === 'manager' ? actor : SYSTEM_ACTOR;
}

export type DealChange = 'change' | 'move' | 'pay';

const PARTNER_USER_REFUSALS: Record<DealChange, string> = {
  change: 'Partner users do not change deals.',
  move: 'Partner users do not move deals.',
  pay: 'Partner users do not record payments.',
};

/** Why the actor may not make this change to a deal it sees, or null: partner users only read their deals. */
export function changeRefusal(actor: ActorV1, change: DealChange): string | null {
  return actor.role === 'partner_user' ? PARTNER_USER_REFUSALS[change] : null;
}
