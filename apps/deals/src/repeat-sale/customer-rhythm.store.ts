import { schemaOf } from '@saleswire/database';
import type { EntityManager } from 'typeorm';
import { rhythmOf, type Rhythm } from './repeat-rhythm.policy';

/** A customer's rhythm row as `customer_rhythm` keeps it. */
export interface RhythmRow {
  customerId: string;
  rhythm: Rhythm;
}

/**
 * `customer_rhythm`: each customer's buying rhythm (repeat-rhythm.policy.ts), kept up to date in the
 * transaction that wins one of its deals, so "whose next purchase is near" is an index range
 * (`customer_rhythm_next_idx`) instead of an aggregation of every won deal on each dashboard (issue 16).
 */
export class CustomerRhythmStore {
  /**
   * Recomputes the customer's rhythm from its won deals (its `deal_customer_id_idx` range) and writes it, or
   * removes it when the customer has fewer than two purchase days. Two wins of one customer take turns (the
   * repeat-sale lock), so the second sees the first's deal.
   */
  async refresh(manager: EntityManager, customerId: string): Promise<Rhythm | null> {
    const s = schemaOf(manager);
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`deals.repeat-sale.${customerId}`]);
    const rows: Array<{ won_at: Date }> = await manager.query(
      `SELECT won_at FROM ${s}.deal WHERE customer_id = $1 AND status = 'won' AND won_at IS NOT NULL`,
      [customerId],
    );
    const rhythm = rhythmOf(rows.map((row) => new Date(row.won_at)));
    if (!rhythm) {
      await manager.query(`DELETE FROM ${s}.customer_rhythm WHERE customer_id = $1`, [customerId]);
      return null;
    }
    await manager.query(
      `INSERT INTO ${s}.customer_rhythm (customer_id, purchases, last_purchase_at, median_interval_days, next_expected_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (customer_id) DO UPDATE SET purchases = EXCLUDED.purchases, last_purchase_at = EXCLUDED.last_purchase_at,
         median_interval_days = EXCLUDED.median_interval_days, next_expected_at = EXCLUDED.next_expected_at, updated_at = now()`,
      [customerId, rhythm.purchases, rhythm.lastPurchaseAt, rhythm.medianIntervalDays, rhythm.nextExpectedAt],
    );
    return rhythm;
  }
}

/** Reads a `customer_rhythm` row (and the columns named alike) back into a rhythm. */
export function rhythmOfRow(row: { purchases: number; last_purchase_at: Date | string; median_interval_days: string | number; next_expected_at: Date | string }): Rhythm {
  return {
    purchases: Number(row.purchases),
    lastPurchaseAt: new Date(row.last_purchase_at),
    medianIntervalDays: Number(row.median_interval_days),
    nextExpectedAt: new Date(row.next_expected_at),
  };
}
