import { Injectable } from '@nestjs/common';
import type { ConflictKind } from '@saleswire/contracts';
import { tableOf } from '@saleswire/database';
import type { EntityManager } from 'typeorm';
import { MAX_CONFLICTS, type IndexHit } from './conflict.matcher';

/**
 * Looks a registration's keys up in every channel at once: open leads not routed to its partner, open deals not of
 * its partner (through their customers' keys), other partners' registrations that are submitted or protected.
 * One statement, three GIN look-ups on indexes that hold only what can still collide.
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

  /** The records of other channels sharing a key with `keys`, up to MAX_CONFLICTS of each kind. */
  async hits(manager: EntityManager, keys: readonly string[], partnerId: string, now: Date): Promise<IndexHit[]> {
    if (keys.length === 0) return [];
    const rows: Array<{ kind: ConflictKind; id: string; keys: string[]; status: string | null; protected_until: Date | null }> = await manager.query(
      `(SELECT 'lead' AS kind, l.lead_id AS id, l.keys, NULL::text AS status, NULL::timestamptz AS protected_until
          FROM ${tableOf(manager, 'channel_lead')} l
         WHERE l.open AND l.keys && $1::text[] AND l.partner_id IS DISTINCT FROM $2::uuid
         LIMIT $4)
       UNION ALL
       (SELECT 'deal', d.deal_id, c.keys, NULL, NULL
          FROM ${tableOf(manager, 'channel_customer')} c
          JOIN ${tableOf(manager, 'channel_deal')} d ON d.customer_id = c.customer_id AND d.open
         WHERE c.keys && $1::text[] AND d.partner_id IS DISTINCT FROM $2::uuid
         LIMIT $4)
       UNION ALL
       (SELECT 'registration', r.id, r.keys, r.status, r.protected_until
          FROM ${tableOf(manager, 'deal_registration')} r
         WHERE r.status IN ('submitted', 'approved') AND r.keys && $1::text[] AND r.partner_id <> $2::uuid
           AND (r.status = 'submitted' OR r.protected_until > $3)
         LIMIT $4)`,
      [keys, partnerId, now, MAX_CONFLICTS],
    );
    return rows.map((row) => ({ kind: row.kind, id: row.id, keys: row.keys, status: row.status, protectedUntil: row.protected_until }));
  }
}
