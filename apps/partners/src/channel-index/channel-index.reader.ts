import { Injectable } from '@nestjs/common';
import { queryNamed, tableOf } from '@saleswire/database';
import type { EntityManager } from 'typeorm';

/** A deal of a customer that a partner sells, as the index knows it. */
export interface PartnerDeal {
  dealId: string;
  partnerId: string;
  registrationId: string | null;
  open: boolean;
}

/** What other features may ask the channel index, besides conflicts; each a fixed text, planned once per connection. */
@Injectable()
export class ChannelIndexReader {
  /** The customer's deals that have a partner, newest first (UUID v7 ids sort by creation). */
  async partnerDealsOf(manager: EntityManager, customerId: string, limit = 20): Promise<PartnerDeal[]> {
    const rows: Array<{ deal_id: string; partner_id: string; registration_id: string | null; open: boolean }> = await queryNamed(
      manager,
      `SELECT deal_id, partner_id, registration_id, open FROM ${tableOf(manager, 'channel_deal')}
        WHERE customer_id = $1 AND partner_id IS NOT NULL ORDER BY deal_id DESC LIMIT $2`,
      [customerId, limit],
    );
    return rows.map((row) => ({ dealId: row.deal_id, partnerId: row.partner_id, registrationId: row.registration_id, open: row.open }));
  }

  /** The partner the index holds for a lead (its newest partner facet); null for the direct team's or an unknown lead. */
  async partnerOfLead(manager: EntityManager, leadId: string): Promise<string | null> {
    const rows: Array<{ partner_id: string | null }> = await queryNamed(manager, `SELECT partner_id FROM ${tableOf(manager, 'channel_lead')} WHERE lead_id = $1`, [leadId]);
    return rows[0]?.partner_id ?? null;
  }
}
