import { Injectable } from '@nestjs/common';
import { queryNamed } from '@saleswire/database';
import type { EventTarget } from '@saleswire/messaging';
import type { EntityManager } from 'typeorm';
import { ChannelKeyStore } from './channel-key.store';

/** One fact about a record and the aggregate version that set it. */
export interface Versioned<T> {
  value: T;
  version: number;
}

/**
 * What is known of a lead, facet by facet; a facet an event does not speak of is left out. Each facet keeps the
 * aggregate version that set it, so a later version wins whatever the order the events arrive in, and an event
 * that speaks of one facet (a status change) never undoes another (keys set by a newer update).
 */
export interface LeadFacts {
  leadId: string;
  keys?: Versioned<string[]>;
  open?: Versioned<boolean>;
  partnerId?: Versioned<string | null>;
}

/** A customer's keys, from `customer.created`. */
export interface CustomerFacts {
  customerId: string;
  version: number;
  keys: string[];
}

/** What a deal event says: its facts at that version, and whether it closed (won or lost; a deal never reopens). */
export interface DealFacts {
  dealId: string;
  version: number;
  customerId: string;
  partnerId: string | null;
  channel: string;
  closed: boolean;
  registrationId: string | null;
}

type Writer = { manager: EntityManager; target: EventTarget };

/** The channel index tables, written by the events the service consumes (ADR 0008: an index, so SQL). */
@Injectable()
export class ChannelIndexStore {
  constructor(private readonly keys: ChannelKeyStore) {}

  /** Applies lead facts, at most one entry per lead (mergeLeadFacts: one statement may not touch a row twice). */
  async applyLeads(tx: Writer, leads: readonly LeadFacts[]): Promise<void> {
    if (leads.length === 0) return;
    const table = tx.target.table('channel_lead');
    const rows = leads.map((lead) => ({
      lead_id: lead.leadId,
      keys: lead.keys?.value ?? [],
      keys_version: lead.keys?.version ?? 0,
      // A lead heard of first through an update is taken as open until its status is known.
      open: lead.open?.value ?? true,
      status_version: lead.open?.version ?? 0,
      partner_id: lead.partnerId?.value ?? null,
      partner_version: lead.partnerId?.version ?? 0,
    }));
    const stored: Array<{ lead_id: string; keys: string[]; keys_version: number; inserted: boolean }> = await queryNamed(
      tx.manager,
      `INSERT INTO ${table} AS l (lead_id, keys, keys_version, open, status_version, partner_id, partner_version)
       SELECT lead_id, keys, keys_version, open, status_version, partner_id, partner_version
         FROM json_to_recordset($1::json)
           AS r (lead_id uuid, keys text[], keys_version integer, open boolean, status_version integer, partner_id uuid, partner_version integer)
       ON CONFLICT (lead_id) DO UPDATE SET
         keys = CASE WHEN excluded.keys_version > l.keys_version THEN excluded.keys ELSE l.keys END,
         keys_version = GREATEST(l.keys_version, excluded.keys_version),
         open = CASE WHEN excluded.status_version > l.status_version THEN excluded.open ELSE l.open END,
         status_version = GREATEST(l.status_version, excluded.status_version),
         partner_id = CASE WHEN excluded.partner_version > l.partner_version THEN excluded.partner_id ELSE l.partner_id END,
         partner_version = GREATEST(l.partner_version, excluded.partner_version)
       RETURNING lead_id, keys, keys_version, (xmax = 0) AS inserted`,
      [JSON.stringify(rows)],
    );
    // The leads whose keys this call set (its keys version won) get their key rows rewritten.
    const given = new Map(leads.map((lead) => [lead.leadId.toLowerCase(), lead.keys?.version ?? 0]));
    const rekeyed = stored.filter((row) => (given.get(row.lead_id) ?? 0) > 0 && row.keys_version === given.get(row.lead_id));
    // `xmax = 0`: the row is this statement's insert, not an update of an existing one.
    await this.keys.replace(tx.manager, 'lead', rekeyed.map((row) => ({ id: row.lead_id, keys: row.keys, inserted: row.inserted })), tx.target.table('channel_key'));
  }

  /** Applies customers' keys, at most one row per customer; an older version than the one held changes nothing. */
  async applyCustomers(tx: Writer, customers: readonly CustomerFacts[]): Promise<void> {
    if (customers.length === 0) return;
    const table = tx.target.table('channel_customer');
    const rows = customers.map((customer) => ({ customer_id: customer.customerId, keys: customer.keys, aggregate_version: customer.version }));
    const stored: Array<{ customer_id: string; keys: string[]; inserted: boolean }> = await queryNamed(
      tx.manager,
      `INSERT INTO ${table} AS c (customer_id, keys, aggregate_version)
       SELECT customer_id, keys, aggregate_version
         FROM json_to_recordset($1::json) AS r (customer_id uuid, keys text[], aggregate_version integer)
       ON CONFLICT (customer_id) DO UPDATE SET keys = excluded.keys, aggregate_version = excluded.aggregate_version
       WHERE c.aggregate_version < excluded.aggregate_version
       RETURNING customer_id, keys, (xmax = 0) AS inserted`,
      [JSON.stringify(rows)],
    );
    // RETURNING names only the customers this call inserted or updated: their keys are the ones given.
    await this.keys.replace(tx.manager, 'customer', stored.map((row) => ({ id: row.customer_id, keys: row.keys, inserted: row.inserted })), tx.target.table('channel_key'));
  }

  /**
   * Applies deal events, at most one entry per deal (mergeDealFacts): the newest version's facts win; closed stays
   * closed (a won or lost deal does not move, so its closing is final whatever arrives after it); the registration
   * that opened it is kept once known. One statement for the batch.
   */
  async applyDeals(tx: Writer, deals: readonly DealFacts[]): Promise<void> {
    if (deals.length === 0) return;
    const rows = deals.map((deal) => ({
      deal_id: deal.dealId,
      customer_id: deal.customerId,
      partner_id: deal.partnerId,
      channel: deal.channel,
      facts_version: deal.version,
      open: !deal.closed,
      registration_id: deal.registrationId,
    }));
    await queryNamed(
      tx.manager,
      `INSERT INTO ${tx.target.table('channel_deal')} AS d (deal_id, customer_id, partner_id, channel, facts_version, open, registration_id)
       SELECT deal_id, customer_id, partner_id, channel, facts_version, open, registration_id
         FROM json_to_recordset($1::json)
           AS r (deal_id uuid, customer_id uuid, partner_id uuid, channel text, facts_version integer, open boolean, registration_id uuid)
       ON CONFLICT (deal_id) DO UPDATE SET
         customer_id = CASE WHEN excluded.facts_version > d.facts_version THEN excluded.customer_id ELSE d.customer_id END,
         partner_id = CASE WHEN excluded.facts_version > d.facts_version THEN excluded.partner_id ELSE d.partner_id END,
         channel = CASE WHEN excluded.facts_version > d.facts_version THEN excluded.channel ELSE d.channel END,
         facts_version = GREATEST(d.facts_version, excluded.facts_version),
         open = d.open AND excluded.open,
         registration_id = COALESCE(d.registration_id, excluded.registration_id)`,
      [JSON.stringify(rows)],
    );
  }
}
