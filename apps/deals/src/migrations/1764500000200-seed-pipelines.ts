import { schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The stages of the default pipeline (API.md): a sale ends with the money on the account. */
export const DEFAULT_STAGES = [
  { code: 'new', name: 'New', semantics: 'open', probability: 10 },
  { code: 'qualification', name: 'Qualification', semantics: 'open', probability: 20 },
  { code: 'proposal', name: 'Proposal', semantics: 'open', probability: 40 },
  { code: 'approval', name: 'Approval', semantics: 'open', probability: 60 },
  { code: 'contract', name: 'Contract', semantics: 'open', probability: 80 },
  { code: 'payment', name: 'Payment', semantics: 'open', probability: 90 },
  { code: 'won', name: 'Won', semantics: 'won', probability: 100 },
  { code: 'lost', name: 'Lost', semantics: 'lost', probability: 0 },
] as const;

/** Fixed ids, so that every deployment's default pipelines are the same records in events and reports. */
export const DEFAULT_PIPELINE_ID = '01936f13-0000-7000-8000-0000000f0001';
export const REPEAT_PIPELINE_ID = '01936f13-0000-7000-8000-0000000f0002';

/** Seeds the default pipeline and the repeat pipeline, both with the default stages. */
export class SeedPipelines1764500000200 implements MigrationInterface {
  name = 'SeedPipelines1764500000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    const pipelines = [
      { id: DEFAULT_PIPELINE_ID, name: 'Default', kind: 'new_business' },
      { id: REPEAT_PIPELINE_ID, name: 'Repeat sales', kind: 'repeat' },
    ];
    for (const pipeline of pipelines) {
      await queryRunner.query(
        `INSERT INTO ${s}.pipeline (id, version, name, kind, is_default, requires_payment) VALUES ($1, 1, $2, $3, true, true)`,
        [pipeline.id, pipeline.name, pipeline.kind],
      );
      for (const [position, stage] of DEFAULT_STAGES.entries()) {
        await queryRunner.query(
          `INSERT INTO ${s}.pipeline_stage (pipeline_id, code, name, semantics, probability, position) VALUES ($1, $2, $3, $4, $5, $6)`,
          [pipeline.id, stage.code, stage.name, stage.semantics, stage.probability, position],
        );
      }
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`DELETE FROM ${s}.pipeline WHERE id IN ($1, $2)`, [DEFAULT_PIPELINE_ID, REPEAT_PIPELINE_ID]);
  }
}
