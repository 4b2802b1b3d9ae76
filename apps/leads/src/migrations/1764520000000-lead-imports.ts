import { schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Bulk import jobs and the rows staged for them until they are worked through. */
export class LeadImports1764520000000 implements MigrationInterface {
  name = 'LeadImports1764520000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`
      CREATE TABLE ${s}.lead_import_job (
        id uuid PRIMARY KEY,
        status text NOT NULL,
        format text NOT NULL,
        total integer NOT NULL,
        received integer NOT NULL DEFAULT 0,
        processed integer NOT NULL DEFAULT 0,
        accepted integer NOT NULL DEFAULT 0,
        rejected integer NOT NULL DEFAULT 0,
        errors jsonb NOT NULL DEFAULT '[]'::jsonb,
        errors_truncated boolean NOT NULL DEFAULT false,
        actor jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        heartbeat_at timestamptz,
        failures integer NOT NULL DEFAULT 0,
        last_error text
      )`);
    await queryRunner.query(`CREATE INDEX lead_import_job_pending_idx ON ${s}.lead_import_job (created_at) WHERE status IN ('queued', 'running')`);
    await queryRunner.query(`
      CREATE TABLE ${s}.lead_import_row (
        job_id uuid NOT NULL REFERENCES ${s}.lead_import_job (id) ON DELETE CASCADE,
        row_no integer NOT NULL,
        data jsonb NOT NULL,
        PRIMARY KEY (job_id, row_no)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`DROP TABLE ${s}.lead_import_row`);
    await queryRunner.query(`DROP TABLE ${s}.lead_import_job`);
  }
}
