import { Inject, Injectable } from '@nestjs/common';
import {
  GET_CUSTOMER_HISTORY_V1,
  GET_CUSTOMER_PARTNER_V1,
  LIST_LEADS_V1,
  type ActorV1,
  type CustomerPartnerV1,
  type CustomerViewV1,
  type DealViewV1,
  type LeadDetailsV1,
  type PaymentViewV1,
} from '@saleswire/contracts';
import { RpcClient } from '@saleswire/messaging';
import { AGGREGATION_DEADLINE } from '../aggregation/aggregation.config';
import { gather, type AggregationWarning } from '../aggregation/sections';

/** `GET /customers/{id}/history` as API.md shapes it; a part whose service did not answer is null, named in `warnings`. */
export interface CustomerHistoryView {
  customer: CustomerViewV1 | null;
  /** The customer's leads the caller may see (matched to it as a returning client, or converted into it). */
  leads: LeadDetailsV1[] | null;
  deals: DealViewV1[] | null;
  payments: PaymentViewV1[] | null;
  /** The partner protecting the customer (an approved registration), else the partner of its newest indirect deal; null for none. */
  partner: CustomerPartnerV1 | null;
  warnings: AggregationWarning[];
}

/** The newest leads a history lists. */
const HISTORY_LEADS = 500;

/**
 * A customer's whole history, asked of deals, leads and partners at once. Deals owns the customer and answers
 * 404 for one outside the caller's scope, which fails the whole answer; when deals is away the other parts
 * still come, since leads and partners each apply the caller's scope themselves (ADR 0016).
 */
@Injectable()
export class CustomerHistoryService {
  constructor(
    private readonly rpc: RpcClient,
    @Inject(AGGREGATION_DEADLINE) private readonly deadlineMs: number,
  ) {}

  async history(id: string, actor: ActorV1): Promise<CustomerHistoryView> {
    const { values, warnings } = await gather<{
      fromDeals: { customer: CustomerViewV1; deals: DealViewV1[]; payments: PaymentViewV1[] };
      leads: LeadDetailsV1[];
      partner: CustomerPartnerV1 | null;
    }>(
      {
        fromDeals: { source: 'deals', load: (ms) => this.rpc.send(GET_CUSTOMER_HISTORY_V1, { actor, id }, ms) },
        leads: { source: 'leads', load: async (ms) => (await this.rpc.send(LIST_LEADS_V1, { actor, query: { customerId: id, limit: HISTORY_LEADS } }, ms)).items },
        partner: { source: 'partners', load: async (ms) => (await this.rpc.send(GET_CUSTOMER_PARTNER_V1, { actor, customerId: id }, ms)).partner },
      },
      this.deadlineMs,
    );
    return {
      customer: values.fromDeals?.customer ?? null,
      leads: values.leads,
      deals: values.fromDeals?.deals ?? null,
      payments: values.fromDeals?.payments ?? null,
      partner: values.partner,
      warnings,
    };
  }
}
