import { schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The read models of the reports (ADR 0012): facts keyed by aggregate id, each with the version (and, to break a
 * tie the same way whatever the order, the id) of the event it was last described by, so that any delivery order
 * and any replay gives the same rows; and the sales plans,
 * which reporting owns, with every version kept so that a report as of a past date sees the plan of then.
 */
export class CreateReportFacts1764800000000 implements MigrationInterface {
  name = 'CreateReportFacts1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`
      CREATE TABLE ${s}.deal_fact (
        deal_id uuid PRIMARY KEY,
        aggregate_version integer NOT NULL,
        event_id uuid NOT NULL,
        pipeline_id uuid NOT NULL,
        owner_id uuid,
        partner_id uuid,
        channel text NOT NULL,
        direction text,
        source text,
        is_repeat boolean NOT NULL,
        amount numeric(18,2),
        currency text,
        expected_close_date date,
        expected_close_version integer NOT NULL DEFAULT 0,
        lead_id uuid,
        created_at timestamptz,
        first_seen_at timestamptz NOT NULL,
        opened_at timestamptz GENERATED ALWAYS AS (coalesce(created_at, first_seen_at)) STORED,
        won_at timestamptz,
        lost_at timestamptz,
        last_event_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX deal_fact_opened_idx ON ${s}.deal_fact (opened_at)`);
    await queryRunner.query(`CREATE INDEX deal_fact_owner_idx ON ${s}.deal_fact (owner_id)`);
    await queryRunner.query(`CREATE INDEX deal_fact_partner_idx ON ${s}.deal_fact (partner_id) WHERE partner_id IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX deal_fact_event_idx ON ${s}.deal_fact (last_event_at)`);
    await queryRunner.query(`
      CREATE TABLE ${s}.deal_stage_entry (
        deal_id uuid NOT NULL,
        event_id uuid NOT NULL,
        aggregate_version integer NOT NULL,
        stage text NOT NULL,
        probability integer NOT NULL,
        entered_at timestamptz NOT NULL,
        PRIMARY KEY (deal_id, event_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE ${s}.pipeline_stage (
        pipeline_id uuid NOT NULL,
        code text NOT NULL,
        name text NOT NULL,
        semantics text NOT NULL,
        probability integer NOT NULL,
        position integer NOT NULL,
        aggregate_version integer NOT NULL,
        is_default boolean NOT NULL,
        kind text NOT NULL,
        PRIMARY KEY (pipeline_id, code)
      )`);
    await queryRunner.query(`
      CREATE TABLE ${s}.registration_fact (
        registration_id uuid PRIMARY KEY,
        aggregate_version integer NOT NULL,
        event_id uuid NOT NULL,
        partner_id uuid NOT NULL,
        status text NOT NULL,
        conflict boolean,
        conflict_version integer NOT NULL DEFAULT 0,
        submitted_at timestamptz,
        approved_at timestamptz,
        last_event_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE ${s}.commission_fact (
        commission_id uuid PRIMARY KEY,
        aggregate_version integer NOT NULL,
        event_id uuid NOT NULL,
        partner_id uuid NOT NULL,
        deal_id uuid NOT NULL,
        amount numeric(18,2) NOT NULL,
        currency text NOT NULL,
        status text NOT NULL,
        accrued_at timestamptz,
        paid_at timestamptz,
        last_event_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE ${s}.sales_plan (
        month text NOT NULL,
        owner_key text NOT NULL,
        version integer NOT NULL,
        amount numeric(18,2) NOT NULL,
        currency text NOT NULL,
        set_at timestamptz NOT NULL,
        set_by text NOT NULL,
        PRIMARY KEY (month, owner_key)
      )`);
    await queryRunner.query(`
      CREATE TABLE ${s}.sales_plan_version (
        month text NOT NULL,
        owner_key text NOT NULL,
        version integer NOT NULL,
        amount numeric(18,2) NOT NULL,
        currency text NOT NULL,
        set_at timestamptz NOT NULL,
        set_by text NOT NULL,
        PRIMARY KEY (month, owner_key, version)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    for (const table of ['sales_plan_version', 'sales_plan', 'commission_fact', 'registration_fact', 'pipeline_stage', 'deal_stage_entry', 'deal_fact']) {
      await queryRunner.query(`DROP TABLE ${s}.${table}`);
    }
  }
}
