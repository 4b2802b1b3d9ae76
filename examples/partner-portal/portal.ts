// A dealer's integration, as its developer would write it with @saleswire/sdk: sign in with the API key the
// channel manager gave the dealer, register a deal, list its commissions, follow the dealer's feed.
//
//   SALESWIRE_URL=http://localhost:3000 SALESWIRE_API_KEY=sw_live_… PARTNER_ID=… node examples/partner-portal/run.mjs
import { ConflictProblem, createSaleswireClient, DomainRuleProblem, type SaleswireClient, type Schema } from '@saleswire/sdk';

/** Registers an opportunity; the answer says whether it collides with another channel's claim. */
export async function registerDeal(client: SaleswireClient, partnerId: string): Promise<Schema<'DealRegistrationViewV1'> | { refused: string }> {
  try {
    const { data } = await client.api.POST('/api/v1/partners/{id}/deal-registrations', {
      params: { path: { id: partnerId } },
      body: {
        customer: { name: 'Northwind Traders', taxId: '7707083893', website: 'northwind.example' },
        title: 'Scanners for 40 stores',
        expectedAmount: 48000,
        currency: 'EUR',
        expectedCloseDate: '2026-06-30',
      },
    });
    // `data` is the registration as the document describes it: its status, and the conflict if another channel claimed the customer.
    if (!data) throw new Error('the registration answered no body');
    return data;
  } catch (error) {
    // A problem is a typed error: a rule of the domain (422) or a conflict (409) is the dealer's to read.
    if (error instanceof DomainRuleProblem || error instanceof ConflictProblem) return { refused: error.detail };
    throw error;
  }
}

/** Every commission of the partner, page after page. */
export async function commissions(client: SaleswireClient, partnerId: string): Promise<Array<Schema<'CommissionViewV1'>>> {
  const all: Array<Schema<'CommissionViewV1'>> = [];
  for await (const commission of client.paginate('/api/v1/partners/{id}/commissions', { path: { id: partnerId }, query: { limit: 100 } })) {
    // Each item is typed: `commission.amount`, `commission.status` (accrued | approved | paid), …
    all.push(commission);
  }
  return all;
}

/** The partner's events as they happen, from where a previous run stopped; ends after `max` events or `ms`. */
export async function follow(client: SaleswireClient, partnerId: string, options: { lastEventId?: string; max: number; ms: number }): Promise<string | undefined> {
  let last = options.lastEventId;
  const stop = AbortSignal.timeout(options.ms);
  let seen = 0;
  for await (const event of client.feed(partnerId, { lastEventId: last, signal: stop })) {
    console.log(`feed ${event.id ?? '-'} ${event.event}: ${event.data}`);
    last = event.id ?? last;
    if (++seen >= options.max) break;
  }
  return last;
}

async function main(): Promise<void> {
  const { SALESWIRE_URL = 'http://localhost:3000', SALESWIRE_API_KEY, PARTNER_ID } = process.env;
  if (!SALESWIRE_API_KEY || !PARTNER_ID) throw new Error('Set SALESWIRE_API_KEY (a key of the partner) and PARTNER_ID.');
  const client = createSaleswireClient({ baseUrl: SALESWIRE_URL, credentials: { apiKey: SALESWIRE_API_KEY } });
  const registration = await registerDeal(client, PARTNER_ID);
  console.log('registration:', 'refused' in registration ? `refused: ${registration.refused}` : `${registration.id} ${registration.status}`);
  const earned = await commissions(client, PARTNER_ID);
  console.log('commissions:', earned.map((commission) => `${commission.amount} ${commission.currency} ${commission.status}`).join(', ') || '(none)');
  const last = await follow(client, PARTNER_ID, { max: 10, ms: 5000 });
  console.log(`feed: stopped after event ${last ?? '(none)'}; pass it as lastEventId next time`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
