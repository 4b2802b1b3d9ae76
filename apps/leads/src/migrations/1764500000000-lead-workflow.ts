import { schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Statuses with history, normalised contact keys for duplicates and repeat clients, text search, the
 * assignment rule and its ledger, and the index of known customers learned from the deals service.
 */
export class LeadWorkflow1764500000000 implements MigrationInterface {
  name = 'LeadWorkflow1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`
      ALTER TABLE ${s}.lead
        ADD COLUMN status_reason text,
        ADD COLUMN email_norm text,
        ADD COLUMN phone_norm text,
        ADD COLUMN tax_id_norm text,
        ADD COLUMN deal_id uuid,
        ADD COLUMN converted_at timestamptz`);
    // Existing rows get the same keys the service computes for new ones (contact-identity.ts).
    await queryRunner.query(`
      UPDATE ${s}.lead SET
        email_norm = nullif(lower(btrim(contact_email)), ''),
        phone_norm = nullif(CASE WHEN contact_phone ~ '^\\s*\\+' THEN '+' ELSE '' END || regexp_replace(contact_phone, '\\D', '', 'g'), ''),
        tax_id_norm = nullif(upper(regexp_replace(company_tax_id, '[\\s-]', '', 'g')), '')`);
    await queryRunner.query(`
      ALTER TABLE ${s}.lead ADD COLUMN search_text text GENERATED ALWAYS AS (
        lower(contact_name || ' ' || coalesce(contact_email, '') || ' ' || coalesce(contact_phone, '') || ' ' ||
              coalesce(phone_norm, '') || ' ' || coalesce(company_name, '') || ' ' || coalesce(tax_id_norm, ''))
      ) STORED`);
    const open = `status IN ('new', 'in_progress', 'qualified')`;
    await queryRunner.query(`CREATE INDEX lead_open_email_idx ON ${s}.lead (email_norm, id) WHERE ${open} AND email_norm IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX lead_open_phone_idx ON ${s}.lead (phone_norm, id) WHERE ${open} AND phone_norm IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX lead_open_tax_id_idx ON ${s}.lead (tax_id_norm, id) WHERE ${open} AND tax_id_norm IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX lead_status_idx ON ${s}.lead (status, id)`);
    await queryRunner.query(`CREATE INDEX lead_open_assignee_idx ON ${s}.lead (assignee_id) WHERE ${open}`);

    await queryRunner.query(`
      CREATE TABLE ${s}.lead_status_history (
        id uuid PRIMARY KEY,
        lead_id uuid NOT NULL REFERENCES ${s}.lead (id) ON DELETE CASCADE,
        from_status text,
        to_status text NOT NULL,
        reason text,
        actor_id text NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX lead_status_history_lead_idx ON ${s}.lead_status_history (lead_id, changed_at, id)`);

    // One row: the active rule, with the strategies' state. Creating a lead locks it, so that concurrent
    // creations take their turns one after another and round robin stays exact.
    await queryRunner.query(`
      CREATE TABLE ${s}.assignment_rule (
        id smallint PRIMARY KEY CHECK (id = 1),
        strategy text NOT NULL,
        members jsonb NOT NULL,
        version integer NOT NULL,
        turn bigint NOT NULL DEFAULT 0,
        weighted_state jsonb NOT NULL DEFAULT '{}'::jsonb,
        updated_by text,
        updated_at timestamptz
      )`);
    await queryRunner.query(`INSERT INTO ${s}.assignment_rule (id, strategy, members, version) VALUES (1, 'round_robin', '[]'::jsonb, 1)`);
    await queryRunner.query(`
      CREATE TABLE ${s}.assignment_ledger (
        id uuid PRIMARY KEY,
        lead_id uuid NOT NULL,
        assignee_id uuid NOT NULL,
        previous_assignee_id uuid,
        reason text NOT NULL,
        rule_version integer,
        detail jsonb,
        actor_id text NOT NULL,
        assigned_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX assignment_ledger_assignee_idx ON ${s}.assignment_ledger (assignee_id, assigned_at)`);
    await queryRunner.query(`CREATE INDEX assignment_ledger_lead_idx ON ${s}.assignment_ledger (lead_id, assigned_at)`);

    await queryRunner.query(`
      CREATE TABLE ${s}.customer_index (
        customer_id uuid PRIMARY KEY,
        name text NOT NULL,
        email_norm text,
        phone_norm text,
        tax_id_norm text,
        owner_id uuid,
        aggregate_version integer NOT NULL,
        created_at timestamptz NOT NULL,
        indexed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX customer_index_email_idx ON ${s}.customer_index (email_norm) WHERE email_norm IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX customer_index_phone_idx ON ${s}.customer_index (phone_norm) WHERE phone_norm IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX customer_index_tax_id_idx ON ${s}.customer_index (tax_id_norm) WHERE tax_id_norm IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`DROP TABLE ${s}.customer_index`);
    await queryRunner.query(`DROP TABLE ${s}.assignment_ledger`);
    await queryRunner.query(`DROP TABLE ${s}.assignment_rule`);
    await queryRunner.query(`DROP TABLE ${s}.lead_status_history`);
    for (const index of ['lead_open_email_idx', 'lead_open_phone_idx', 'lead_open_tax_id_idx', 'lead_status_idx', 'lead_open_assignee_idx']) {
      await queryRunner.query(`DROP INDEX ${s}.${index}`);
    }
    await queryRunner.query(`
      ALTER TABLE ${s}.lead
        DROP COLUMN search_text,
        DROP COLUMN status_reason,
        DROP COLUMN email_norm,
        DROP COLUMN phone_norm,
        DROP COLUMN tax_id_norm,
        DROP COLUMN deal_id,
        DROP COLUMN converted_at`);
  }
}
