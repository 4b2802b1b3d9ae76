import { schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Commissions: one per won indirect deal, at the partner's rate then, accrued → approved → paid. */
export class CreateCommissions1765000000400 implements MigrationInterface {
  name = 'CreateCommissions1765000000400';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`
      CREATE TABLE ${s}.commission (
        id uuid PRIMARY KEY,
        version integer NOT NULL,
        partner_id uuid NOT NULL REFERENCES ${s}.partner (id),
        deal_id uuid NOT NULL,
        registration_id uuid,
        base_amount numeric(18,2) NOT NULL,
        rate numeric(5,4) NOT NULL,
        amount numeric(18,2) NOT NULL,
        currency char(3) NOT NULL,
        status text NOT NULL CHECK (status IN ('accrued', 'approved', 'paid')),
        won_at timestamptz NOT NULL,
        accrued_at timestamptz NOT NULL,
        approved_at timestamptz,
        approved_by text,
        note text,
        paid_at timestamptz,
        paid_by text,
        reference text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Exactly one commission per deal, whatever the deliveries of its deal.won: the insert that loses does nothing.
    await queryRunner.query(`CREATE UNIQUE INDEX commission_deal_uq ON ${s}.commission (deal_id)`);
    await queryRunner.query(`CREATE INDEX commission_partner_idx ON ${s}.commission (partner_id, id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${schemaOf(queryRunner)}.commission`);
  }
}
