import { schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Customers, pipelines and stages, deals with their stage history, teams and payments, the repeat-sale ledger. */
export class CreateDeals1764500000100 implements MigrationInterface {
  name = 'CreateDeals1764500000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`
      CREATE TABLE ${s}.customer (
        id uuid PRIMARY KEY,
        version integer NOT NULL,
        kind text NOT NULL CHECK (kind IN ('company', 'person')),
        name text NOT NULL,
        tax_id text,
        email text,
        phone text,
        tax_id_key text,
        email_key text,
        phone_key text,
        owner_id uuid,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One customer per normalised key: two concurrent resolves of the same identity cannot both insert.
    await queryRunner.query(`CREATE UNIQUE INDEX customer_tax_id_key_uq ON ${s}.customer (tax_id_key) WHERE tax_id_key IS NOT NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX customer_email_key_uq ON ${s}.customer (email_key) WHERE email_key IS NOT NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX customer_phone_key_uq ON ${s}.customer (phone_key) WHERE phone_key IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX customer_owner_idx ON ${s}.customer (owner_id, id)`);

    await queryRunner.query(`
      CREATE TABLE ${s}.pipeline (
        id uuid PRIMARY KEY,
        version integer NOT NULL,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('new_business', 'repeat', 'partner', 'project')),
        is_default boolean NOT NULL DEFAULT false,
        requires_payment boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX pipeline_default_per_kind_uq ON ${s}.pipeline (kind) WHERE is_default`);
    await queryRunner.query(`
      CREATE TABLE ${s}.pipeline_stage (
        pipeline_id uuid NOT NULL REFERENCES ${s}.pipeline (id) ON DELETE CASCADE,
        code text NOT NULL,
        name text NOT NULL,
        semantics text NOT NULL CHECK (semantics IN ('open', 'won', 'lost')),
        probability integer NOT NULL CHECK (probability BETWEEN 0 AND 100),
        position integer NOT NULL,
        PRIMARY KEY (pipeline_id, code)
      )`);

    await queryRunner.query(`
      CREATE TABLE ${s}.deal (
        id uuid PRIMARY KEY,
        version integer NOT NULL,
        title text NOT NULL,
        customer_id uuid NOT NULL REFERENCES ${s}.customer (id),
        pipeline_id uuid NOT NULL REFERENCES ${s}.pipeline (id),
        stage text NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'won', 'lost')),
        probability integer NOT NULL,
        amount numeric(18,2),
        currency char(3),
        paid_amount numeric(18,2) NOT NULL DEFAULT 0,
        type text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('direct', 'indirect')),
        partner_id uuid,
        owner_id uuid,
        expected_close_date date,
        direction text,
        source text,
        marketing_event_id uuid,
        lead_id uuid,
        registration_id uuid,
        is_repeat boolean NOT NULL DEFAULT false,
        lost_reason text,
        won_at timestamptz,
        closed_at timestamptz,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT deal_amount_has_currency CHECK (amount IS NULL OR currency IS NOT NULL),
        CONSTRAINT deal_indirect_has_partner CHECK (channel = 'direct' OR partner_id IS NOT NULL),
        FOREIGN KEY (pipeline_id, stage) REFERENCES ${s}.pipeline_stage (pipeline_id, code)
      )`);
    await queryRunner.query(`CREATE INDEX deal_owner_idx ON ${s}.deal (owner_id, id)`);
    await queryRunner.query(`CREATE INDEX deal_customer_idx ON ${s}.deal (customer_id, status)`);
    await queryRunner.query(`CREATE INDEX deal_partner_idx ON ${s}.deal (partner_id, id) WHERE partner_id IS NOT NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX deal_lead_uq ON ${s}.deal (lead_id) WHERE lead_id IS NOT NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX deal_registration_uq ON ${s}.deal (registration_id) WHERE registration_id IS NOT NULL`);

    await queryRunner.query(`
      CREATE TABLE ${s}.deal_stage_history (
        id uuid PRIMARY KEY,
        deal_id uuid NOT NULL REFERENCES ${s}.deal (id) ON DELETE CASCADE,
        from_stage text,
        to_stage text NOT NULL,
        reason text,
        changed_by text NOT NULL,
        changed_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX deal_stage_history_deal_idx ON ${s}.deal_stage_history (deal_id, changed_at, id)`);

    await queryRunner.query(`
      CREATE TABLE ${s}.deal_team_member (
        id uuid PRIMARY KEY,
        deal_id uuid NOT NULL REFERENCES ${s}.deal (id) ON DELETE CASCADE,
        user_id uuid,
        partner_id uuid,
        external_company text,
        role text NOT NULL,
        CONSTRAINT deal_team_member_is_someone CHECK (num_nonnulls(user_id, partner_id, external_company) >= 1)
      )`);
    await queryRunner.query(`CREATE INDEX deal_team_member_deal_idx ON ${s}.deal_team_member (deal_id)`);
    await queryRunner.query(`CREATE INDEX deal_team_member_user_idx ON ${s}.deal_team_member (user_id, deal_id) WHERE user_id IS NOT NULL`);

    await queryRunner.query(`
      CREATE TABLE ${s}.payment (
        id uuid PRIMARY KEY,
        deal_id uuid NOT NULL REFERENCES ${s}.deal (id),
        amount numeric(18,2) NOT NULL CHECK (amount > 0),
        currency char(3) NOT NULL,
        paid_at timestamptz NOT NULL,
        reference text,
        recorded_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX payment_deal_idx ON ${s}.payment (deal_id, paid_at)`);

    // Once per customer and expected purchase, however many replicas check the rhythm at the same time.
    await queryRunner.query(`
      CREATE TABLE ${s}.repeat_sale (
        customer_id uuid NOT NULL REFERENCES ${s}.customer (id),
        expected_at date NOT NULL,
        deal_id uuid NOT NULL REFERENCES ${s}.deal (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (customer_id, expected_at)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    for (const table of ['repeat_sale', 'payment', 'deal_team_member', 'deal_stage_history', 'deal', 'pipeline_stage', 'pipeline', 'customer']) {
      await queryRunner.query(`DROP TABLE ${s}.${table}`);
    }
  }
}
