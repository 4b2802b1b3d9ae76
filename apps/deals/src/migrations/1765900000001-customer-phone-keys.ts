import { phoneKey, schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Customers read and rewritten per statement: each batch is its own short transaction. */
const BATCH = 5_000;

/**
 * `customer.phone_key` follows the platform's one phone rule (`phoneKey`, ADR 0019), the one the leads service
 * keys its customer index and new leads by. The deals service already compared digits without a leading `00`;
 * what changes is the Russian trunk prefix (`8 916 123-45-67` is `79161234567` now) and a `+` before `00`.
 * Recomputed from `phone` by the same function new customers are keyed with, in id order a batch at a time, only
 * for the customers whose key changes; `search_key` (generated from it) follows.
 *
 * Keys are unique: a customer whose new key another customer already holds (the same number created twice, once
 * as `8 916…` and once as `+7 916…`) keeps its old key. Merging two customers is a decision about their deals,
 * not a migration's; the customer holding the key is the one new leads and resolutions match.
 */
export class CustomerPhoneKeys1765900000001 implements MigrationInterface {
  name = 'CustomerPhoneKeys1765900000001';
  transaction = false as const;

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    let after: string | null = null;
    for (;;) {
      const rows = (await queryRunner.query(
        `SELECT id::text AS id, phone, phone_key AS key FROM ${s}.customer
          WHERE phone IS NOT NULL AND ($1::uuid IS NULL OR id > $1::uuid) ORDER BY id LIMIT ${BATCH}`,
        [after],
      )) as Array<{ id: string; phone: string; key: string | null }>;
      if (rows.length === 0) return;
      after = rows[rows.length - 1].id;
      const changed = rows.map((row) => ({ ...row, key: phoneKey(row.phone) })).filter((row, i) => row.key !== rows[i].key);
      if (changed.length === 0) continue;
      // One customer per new key, and none whose new key is held already; a phone edited meanwhile is left alone.
      await queryRunner.query(
        `UPDATE ${s}.customer c SET phone_key = v.key
           FROM (SELECT DISTINCT ON (key) id, phone, key FROM unnest($1::uuid[], $2::text[], $3::text[]) AS u(id, phone, key) ORDER BY key, id) v
          WHERE c.id = v.id AND c.phone = v.phone AND c.phone_key IS DISTINCT FROM v.key
            AND (v.key IS NULL OR NOT EXISTS (SELECT 1 FROM ${s}.customer o WHERE o.phone_key = v.key))`,
        [changed.map((row) => row.id), changed.map((row) => row.phone), changed.map((row) => row.key)],
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The keys as migration 1764500000100's code made them: the digits without a leading 00 (unique, as now).
    const s = schemaOf(queryRunner);
    await queryRunner.query(
      `UPDATE ${s}.customer c SET phone_key = v.key
         FROM (SELECT DISTINCT ON (key) id, key
                 FROM (SELECT id, nullif(regexp_replace(regexp_replace(phone, '\\D', '', 'g'), '^00', ''), '') AS key FROM ${s}.customer) k
                WHERE length(key) >= 5 ORDER BY key, id) v
        WHERE c.id = v.id AND c.phone_key IS DISTINCT FROM v.key
          AND NOT EXISTS (SELECT 1 FROM ${s}.customer o WHERE o.phone_key = v.key)`,
    );
  }
}
