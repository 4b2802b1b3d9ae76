import { emailKey, schemaOf, taxIdKey } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Rows read and rewritten per statement: each batch is its own short transaction. */
const BATCH = 5_000;

/**
 * Stored email and tax id keys follow the platform's one rule (`emailKey`, `taxIdKey`, ADR 0019 decision 14), the
 * deals service's: a tax id loses its dots and slashes too (`77.01/2345` is `77012345`, where leads kept
 * `77.01/2345`), one under 4 characters and an email without `@` are no key.
 *
 * - `lead.email_norm` and `lead.tax_id_norm` are recomputed from `contact_email` and `company_tax_id` by the
 *   functions new leads are keyed with; `search_key` (generated from them) follows by itself.
 * - `customer_index` holds only the old keys; the old rule only removed spaces and dashes and changed case, so
 *   the new rule applied to an old key gives what it gives the value the deals service announced.
 *
 * Only rows whose keys change are written, in id order, a batch at a time and not in one transaction
 * (`transaction = false`), as migration 1765900000000 did for phones: leads may be created meanwhile.
 */
export class ContactKeys1766200000000 implements MigrationInterface {
  name = 'ContactKeys1766200000000';
  transaction = false as const;

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await rekey(queryRunner, `${s}.lead`, 'id', 'contact_email', 'company_tax_id');
    await rekey(queryRunner, `${s}.customer_index`, 'customer_id', 'email_norm', 'tax_id_norm');
    await queryRunner.query(`ANALYZE ${s}.lead`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The leads' keys as migration 1764500000000 made them; the customer index's stay (its old values are not
    // known any more, and a customer announced again is keyed afresh).
    const s = schemaOf(queryRunner);
    await queryRunner.query(
      `UPDATE ${s}.lead SET email_norm = nullif(lower(trim(contact_email)), ''),
                            tax_id_norm = nullif(upper(regexp_replace(company_tax_id, '[\\s-]', '', 'g')), '')`,
    );
  }
}

/** Rewrites `email_norm` and `tax_id_norm` of `table` from its email and tax id columns, a batch at a time. */
async function rekey(queryRunner: QueryRunner, table: string, id: string, email: string, taxId: string): Promise<void> {
  let after: string | null = null;
  for (;;) {
    const rows = (await queryRunner.query(
      `SELECT ${id}::text AS id, ${email} AS email, ${taxId} AS tax_id, email_norm, tax_id_norm FROM ${table}
        WHERE (${email} IS NOT NULL OR ${taxId} IS NOT NULL) AND ($1::uuid IS NULL OR ${id} > $1::uuid) ORDER BY ${id} LIMIT ${BATCH}`,
      [after],
    )) as Array<{ id: string; email: string | null; tax_id: string | null; email_norm: string | null; tax_id_norm: string | null }>;
    if (rows.length === 0) return;
    after = rows[rows.length - 1].id;
    const changed = rows
      .map((row) => ({ ...row, emailKey: emailKey(row.email), taxIdKey: taxIdKey(row.tax_id) }))
      .filter((row) => row.emailKey !== row.email_norm || row.taxIdKey !== row.tax_id_norm);
    if (changed.length === 0) continue;
    // A row whose values changed since they were read (a lead edited meanwhile) was keyed by the new code: left alone.
    await queryRunner.query(
      `UPDATE ${table} t SET email_norm = v.email_key, tax_id_norm = v.tax_id_key
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[]) AS v(id, email, tax_id, email_key, tax_id_key)
        WHERE t.${id} = v.id AND t.${email} IS NOT DISTINCT FROM v.email AND t.${taxId} IS NOT DISTINCT FROM v.tax_id`,
      [changed.map((r) => r.id), changed.map((r) => r.email), changed.map((r) => r.tax_id), changed.map((r) => r.emailKey), changed.map((r) => r.taxIdKey)],
    );
  }
}
