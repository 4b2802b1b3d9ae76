import { phoneKey, schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Rows read and rewritten per statement: each batch is its own short transaction. */
const BATCH = 5_000;

/**
 * Stored phone keys follow the platform's one phone rule (`phoneKey`, ADR 0019): `8 916 123-45-67`, `+7 916 123 45
 * 67` and `007 916…` are one key, `79161234567`, where leads kept `+79161234567` and `89161234567` apart.
 *
 * - `lead.phone_norm` is recomputed from `contact_phone` by the same function new leads are keyed with, not by a
 *   copy of it in SQL; `search_key` (generated from it) follows by itself, and with it the trigram index.
 * - `customer_index.phone_norm` holds no phone, only the old key; the old key kept the `+` and every digit, so
 *   the rule applied to it gives what it gives the phone the deals service announced.
 *
 * Only rows whose key changes are written. Not in one transaction (`transaction = false`): the tables are read in
 * id order in batches of 5,000, each rewritten by one statement, so a million leads are not locked together and
 * leads may be created meanwhile (a lead created by the new code already has its new key). Duplicates marked
 * before are left as they were: which lead duplicated which is history, and new leads match by the new keys.
 */
export class PhoneKeys1765900000000 implements MigrationInterface {
  name = 'PhoneKeys1765900000000';
  transaction = false as const;

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await rekey(queryRunner, `${s}.lead`, 'id', 'contact_phone');
    await rekey(queryRunner, `${s}.customer_index`, 'customer_id', 'phone_norm');
    await queryRunner.query(`ANALYZE ${s}.lead`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The keys as migration 1764500000000 made them: the digits, with the `+` kept when written. The customer
    // index's keys stay as they are (the `+` they had is not known any more): the old code matches them only
    // against phones written without `+`, and a customer announced again is keyed afresh.
    const s = schemaOf(queryRunner);
    await queryRunner.query(
      `UPDATE ${s}.lead SET phone_norm = nullif(CASE WHEN contact_phone ~ '^\\s*\\+' THEN '+' ELSE '' END || regexp_replace(contact_phone, '\\D', '', 'g'), '')
        WHERE contact_phone IS NOT NULL`,
    );
  }
}

/** Rewrites `phone_norm` of `table` as `phoneKey(source column)`, in id order, a batch at a time. */
async function rekey(queryRunner: QueryRunner, table: string, id: string, source: string): Promise<void> {
  let after: string | null = null;
  for (;;) {
    const rows = (await queryRunner.query(
      `SELECT ${id}::text AS id, ${source} AS phone, phone_norm AS key FROM ${table}
        WHERE ${source} IS NOT NULL AND ($1::uuid IS NULL OR ${id} > $1::uuid) ORDER BY ${id} LIMIT ${BATCH}`,
      [after],
    )) as Array<{ id: string; phone: string; key: string | null }>;
    if (rows.length === 0) return;
    after = rows[rows.length - 1].id;
    const changed = rows.map((row) => ({ ...row, key: phoneKey(row.phone) })).filter((row, i) => row.key !== rows[i].key);
    if (changed.length === 0) continue;
    // A row whose phone changed since it was read (a lead edited meanwhile) was keyed by the new code: left alone.
    await queryRunner.query(
      `UPDATE ${table} t SET phone_norm = v.key FROM unnest($1::uuid[], $2::text[], $3::text[]) AS v(id, phone, key)
        WHERE t.${id} = v.id AND t.${source} = v.phone AND t.phone_norm IS DISTINCT FROM v.key`,
      [changed.map((row) => row.id), changed.map((row) => row.phone), changed.map((row) => row.key)],
    );
  }
}
