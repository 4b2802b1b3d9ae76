import { Injectable } from '@nestjs/common';
import { queryNamed, tableOf } from '@saleswire/database';
import type { EntityManager } from 'typeorm';
import { MAX_CONFLICTS, type IndexHit } from './conflict.matcher';

/**
 * Records a key may point at before the kinds are narrowed to what can collide: a common company name can be on
 * thousands of closed leads; this many is more than any real customer's keys reach.
 */
const MAX_KEYED_RECORDS = 5000;

/**
 * Looks a registration's keys up in every channel: open leads not routed to its partner, open deals not of its
 * partner (through their customers' keys), other partners' registrations that are submitted or protected.
 */
@Injectable()
export class ConflictFinder {
  /**
   * Serialises, until the transaction ends, every submission and approval that shares a key with these: two
   * partners registering one customer at the same moment cannot both miss each other. Locks are taken in one order
   * (their hashes sorted), so two transactions with overlapping keys cannot deadlock.
   */
  async lockKeys(manager: EntityManager, keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    // Volatile functions in the target list run after ORDER BY (PostgreSQL 9.6+): the locks follow the sort.
    await manager.query(
      `SELECT pg_advisory_xact_lock(h) FROM (SELECT DISTINCT hashtextextended('partners.channel-key:' || k, 0) AS h FROM unnest($1::text[]) k) s ORDER BY h`,
      [keys],
    );
  }

  /** The records of other channels sharing a key with `keys`, up to MAX_CONFLICTS of each kind (see `hitsOfMany`). */
  async hits(manager: EntityManager, keys: readonly string[], partnerId: string, now: Date): Promise<IndexHit[]> {
    const [hits] = await this.hitsOfMany(manager, [{ keys, partnerId }], now);
    return hits;
  }

  /**
   * For each check, the records of other channels (not of its partner) sharing one of its keys: open leads, open
   * deals, registrations submitted or protected at `now`; up to MAX_CONFLICTS of each kind, by id. One set of
   * look-ups serves a whole group of checks: the keys' rows of `channel_key` first (a B-tree look-up), then each
   * kind found by primary key. Separate short statements rather than one union: most registrations meet nothing
   * and cost one look-up, and a statement that simple is planned in microseconds where the union took milliseconds
   * to plan on every call.
   */
  async hitsOfMany(manager: EntityManager, checks: ReadonlyArray<{ keys: readonly string[]; partnerId: string }>, now: Date): Promise<IndexHit[][]> {
    const keys = [...new Set(checks.flatMap((check) => check.keys))];
    if (keys.length === 0) return checks.map(() => []);
    const keyed: Array<{ record_kind: 'lead' | 'customer' | 'registration'; record_id: string }> = await queryNamed(
      manager,
      `SELECT DISTINCT record_kind, record_id FROM ${tableOf(manager, 'channel_key')}
        WHERE key_hash = ANY(ARRAY(SELECT hashtextextended(k, 0) FROM unnest($1::text[]) k)) LIMIT $2`,
      [keys, MAX_KEYED_RECORDS * checks.length],
    );
    const ids = (kind: string): string[] => keyed.filter((row) => row.record_kind === kind).map((row) => row.record_id);
    const [leads, customers, registrations] = [ids('lead'), ids('customer'), ids('registration')];
    // Every kind's candidates with their partner; each check keeps those of other partners that share its keys.
    const found: Array<IndexHit & { partnerId: string | null }> = [];
    if (leads.length) {
      const rows: Array<{ lead_id: string; keys: string[]; partner_id: string | null }> = await queryNamed(
        manager,
        `SELECT lead_id, keys, partner_id FROM ${tableOf(manager, 'channel_lead')} WHERE lead_id = ANY($1::uuid[]) AND open ORDER BY lead_id`,
        [leads],
      );
      found.push(...rows.map((row) => ({ kind: 'lead' as const, id: row.lead_id, keys: row.keys, partnerId: row.partner_id })));
    }
    if (customers.length) {
      const rows: Array<{ deal_id: string; keys: string[]; partner_id: string | null }> = await queryNamed(
        manager,
        `SELECT d.deal_id, c.keys, d.partner_id FROM ${tableOf(manager, 'channel_customer')} c
           JOIN ${tableOf(manager, 'channel_deal')} d ON d.customer_id = c.customer_id AND d.open
          WHERE c.customer_id = ANY($1::uuid[]) ORDER BY d.deal_id`,
        [customers],
      );
      found.push(...rows.map((row) => ({ kind: 'deal' as const, id: row.deal_id, keys: row.keys, partnerId: row.partner_id })));
    }
    if (registrations.length) {
      const rows: Array<{ id: string; keys: string[]; status: string; protected_until: Date | null; partner_id: string }> = await queryNamed(
        manager,
        `SELECT id, keys, status, protected_until, partner_id FROM ${tableOf(manager, 'deal_registration')}
          WHERE id = ANY($1::uuid[]) AND (status = 'submitted' OR (status = 'approved' AND protected_until > $2)) ORDER BY id`,
        [registrations, now],
      );
      found.push(
        ...rows.map((row) => ({ kind: 'registration' as const, id: row.id, keys: row.keys, status: row.status, protectedUntil: row.protected_until, partnerId: row.partner_id })),
      );
    }
    return checks.map((check) => {
      const mine = new Set(check.keys);
      const partnerId = check.partnerId.toLowerCase();
      const taken = { lead: 0, deal: 0, registration: 0 };
      return found.flatMap(({ partnerId: of, ...hit }) => {
        if (of === partnerId || !hit.keys.some((key) => mine.has(key)) || taken[hit.kind] >= MAX_CONFLICTS) return [];
        taken[hit.kind]++;
        return [hit];
      });
    });
  }
}
