import { schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An import's rows are staged as the slices they arrive in (one row of JSON text per slice) rather than one
 * jsonb row each: 100,000 rows were 100,000 inserts, index entries and deletes before any lead was made.
 */
export class LeadImportSlices1764540000000 implements MigrationInterface {
  name = 'LeadImportSlices1764540000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`
      CREATE TABLE ${s}.lead_import_slice (
        job_id uuid NOT NULL REFERENCES ${s}.lead_import_job (id) ON DELETE CASCADE,
        first_row integer NOT NULL,
        row_count integer NOT NULL CHECK (row_count > 0),
        rows text NOT NULL,
        PRIMARY KEY (job_id, first_row)
      )`);
    // Rows staged the old way for a job still in progress move over as one slice each.
    await queryRunner.query(`
      INSERT INTO ${s}.lead_import_slice (job_id, first_row, row_count, rows)
      SELECT job_id, row_no, 1, jsonb_build_array(data)::text FROM ${s}.lead_import_row`);
    await queryRunner.query(`DROP TABLE ${s}.lead_import_row`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`
      CREATE TABLE ${s}.lead_import_row (
        job_id uuid NOT NULL REFERENCES ${s}.lead_import_job (id) ON DELETE CASCADE,
        row_no integer NOT NULL,
        data jsonb NOT NULL,
        PRIMARY KEY (job_id, row_no)
      )`);
    await queryRunner.query(`
      INSERT INTO ${s}.lead_import_row (job_id, row_no, data)
      SELECT job_id, first_row + ordinality::int - 1, value
        FROM ${s}.lead_import_slice, jsonb_array_elements(rows::jsonb) WITH ORDINALITY`);
    await queryRunner.query(`DROP TABLE ${s}.lead_import_slice`);
  }
}
