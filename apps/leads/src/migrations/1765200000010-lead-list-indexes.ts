import { ensureTrigramExtension, schemaOf, searchTextSql } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The indexes the leads list asks for at a million rows (issue 16, ADR 0019). The list is keyset-paged on the id
 * (UUID v7: newest first is id descending), so each index is a filter or a scope followed by the id: the list
 * reads its page in order from one index and stops after `limit + 1` rows, instead of combining single-column
 * bitmaps over the whole table and sorting what they find.
 *
 * - `status`, `source` and both: the head of sales' funnel filters; `(assignee_id, status, id)`: a manager's own
 *   leads by status (a manager's own alone, and `ownerId=`, use the existing `(assignee_id, id)`).
 * - `marketing_event_id`, `customer_id`, repeat leads, a channel manager's partner leads: partial indexes, only
 *   the rows that have the value take a place.
 * - A country and its subdivisions: `split_part(region, '-', 1)`, so `DE` is one equality in id order rather
 *   than `region = 'DE' OR region LIKE 'DE-%'` sorted afterwards.
 * - `q`: a trigram GIN index (`pg_trgm`) over `search_key`, a stored column that replaces `search_text`: the
 *   same fields in lower case, with Cyrillic folded by `translate` too (whatever the cluster's locale makes of
 *   `lower`) and `ё` as `е`. Stored, because a filter or an index recheck that folds each row as it reads it
 *   costs tens of microseconds a row (a second for a few tens of thousands of hits), and the planner does not
 *   know it. Adding it rewrites the table once (seconds a million rows, the table locked meanwhile). A whole email or phone is ranked first: `(email_norm, id)` and `(phone_norm, id)` over every
 *   status find those few leads (the duplicate finder's indexes hold open leads only).
 * - `(source, created_at)` is dropped: nothing asks for it any more (the reports keep their own read model).
 *
 * Not in a transaction (`transaction = false`) so that on a table that already holds rows the indexes are built
 * with `CREATE INDEX CONCURRENTLY`, which lets leads be written meanwhile (a plain build holds off every insert
 * for as long as it takes, tens of seconds at a million). A fresh or small table gets plain builds: concurrent
 * ones wait for every older transaction in the database, which a new schema has no need of.
 */
const SEARCH_FIELDS = `contact_name || ' ' || coalesce(contact_email, '') || ' ' || coalesce(contact_phone, '') || ' ' ||
  coalesce(phone_norm, '') || ' ' || coalesce(company_name, '') || ' ' || coalesce(tax_id_norm, '')`;

const STATISTICS: Array<[string, string]> = [
  ['lead_assignee_source_stx', 'assignee_id, source'],
  ['lead_assignee_status_stx', 'assignee_id, status'],
  ['lead_status_source_stx', 'status, source'],
];

/** A table holding more rows than this (by the planner's estimate) gets its indexes built concurrently. */
const CONCURRENT_FROM_ROWS = 10_000;

export class LeadListIndexes1765200000010 implements MigrationInterface {
  name = 'LeadListIndexes1765200000010';
  transaction = false as const;

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    const trgm = await ensureTrigramExtension(queryRunner);
    const [{ rows }] = (await queryRunner.query(`SELECT greatest(reltuples, 0)::bigint AS rows FROM pg_class WHERE oid = $1::regclass`, [`${s}.lead`])) as Array<{ rows: string }>;
    const concurrently = Number(rows) > CONCURRENT_FROM_ROWS;
    await queryRunner.query(
      `ALTER TABLE ${s}.lead DROP COLUMN search_text,
         ADD COLUMN search_key text GENERATED ALWAYS AS (${searchTextSql(SEARCH_FIELDS)}) STORED`,
    );
    const indexes: Array<[string, string]> = [
      ['lead_source_id_idx', `(source, id)`],
      ['lead_status_source_idx', `(status, source, id)`],
      ['lead_assignee_status_idx', `(assignee_id, status, id)`],
      ['lead_marketing_event_idx', `(marketing_event_id, id) WHERE marketing_event_id IS NOT NULL`],
      ['lead_customer_idx', `(customer_id, id) WHERE customer_id IS NOT NULL`],
      ['lead_repeat_idx', `(id) WHERE is_repeat`],
      ['lead_partnered_idx', `(id) WHERE partner_id IS NOT NULL`],
      ['lead_country_idx', `(split_part(region, '-', 1), id) WHERE region IS NOT NULL`],
      ['lead_email_idx', `(email_norm, id) WHERE email_norm IS NOT NULL`],
      ['lead_phone_idx', `(phone_norm, id) WHERE phone_norm IS NOT NULL`],
      ['lead_search_trgm_idx', `USING gin (search_key ${trgm}.gin_trgm_ops)`],
    ];
    for (const [name, definition] of indexes) {
      // A concurrent build that failed leaves an invalid index behind: it is dropped and built again.
      await queryRunner.query(
        `DO $$ BEGIN
           IF EXISTS (SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                       WHERE n.nspname = ${literal(s.slice(1, -1))} AND c.relname = ${literal(name)} AND NOT i.indisvalid)
           THEN EXECUTE 'DROP INDEX ${s}.${name}'; END IF; END $$`,
      );
      await queryRunner.query(`CREATE INDEX ${concurrently ? 'CONCURRENTLY ' : ''}IF NOT EXISTS ${name} ON ${s}.lead ${definition}`);
    }
    await queryRunner.query(`DROP INDEX ${concurrently ? 'CONCURRENTLY ' : ''}IF EXISTS ${s}.lead_source_idx`);
    // The scope and the funnel filters are not independent (a manager may have no lead of a source at all): with
    // their combinations counted, a combination with few leads is not planned as a walk of the whole table.
    for (const [name, columns] of STATISTICS) await queryRunner.query(`CREATE STATISTICS IF NOT EXISTS ${s}.${name} (mcv) ON ${columns} FROM ${s}.lead`);
    await queryRunner.query(`ANALYZE ${s}.lead`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    for (const [name] of STATISTICS) await queryRunner.query(`DROP STATISTICS IF EXISTS ${s}.${name}`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS lead_source_idx ON ${s}.lead (source, created_at)`);
    for (const name of ['lead_search_trgm_idx', 'lead_phone_idx', 'lead_email_idx', 'lead_country_idx', 'lead_partnered_idx', 'lead_repeat_idx', 'lead_customer_idx', 'lead_marketing_event_idx', 'lead_assignee_status_idx', 'lead_status_source_idx', 'lead_source_id_idx']) {
      await queryRunner.query(`DROP INDEX IF EXISTS ${s}.${name}`);
    }
    await queryRunner.query(`ALTER TABLE ${s}.lead DROP COLUMN search_key, ADD COLUMN search_text text GENERATED ALWAYS AS (lower(${SEARCH_FIELDS})) STORED`);
    // pg_trgm stays: the database's other schemas (deals, other deployments' leads) may use it.
  }
}

function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
