import { schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { rhythmOf } from '../repeat-sale/repeat-rhythm.policy';

/**
 * `customer_rhythm`: each customer's buying rhythm, maintained with its wins, so that `GET /repeat-sales/due`
 * and the dashboard's part of it read an index range instead of aggregating every won deal per request
 * (issue 16, "counts without scans"). Filled here once from the deals won so far.
 */
export class CustomerRhythm1765300000004 implements MigrationInterface {
  name = 'CustomerRhythm1765300000004';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`
      CREATE TABLE ${s}.customer_rhythm (
        customer_id uuid PRIMARY KEY REFERENCES ${s}.customer (id),
        purchases integer NOT NULL,
        last_purchase_at timestamptz NOT NULL,
        median_interval_days numeric(10,2) NOT NULL,
        next_expected_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX customer_rhythm_next_idx ON ${s}.customer_rhythm (next_expected_at, customer_id)`);
    const buyers: Array<{ customer_id: string; won_at: Date[] }> = await queryRunner.query(
      `SELECT customer_id, array_agg(won_at) AS won_at FROM ${s}.deal WHERE status = 'won' AND won_at IS NOT NULL
        GROUP BY customer_id HAVING count(*) >= 2`,
    );
    for (let from = 0; from < buyers.length; from += 1000) {
      const rows = buyers.slice(from, from + 1000).flatMap((buyer) => {
        const rhythm = rhythmOf(buyer.won_at.map((at) => new Date(at)));
        return rhythm ? [[buyer.customer_id, rhythm.purchases, rhythm.lastPurchaseAt, rhythm.medianIntervalDays, rhythm.nextExpectedAt]] : [];
      });
      if (rows.length === 0) continue;
      await queryRunner.query(
        `INSERT INTO ${s}.customer_rhythm (customer_id, purchases, last_purchase_at, median_interval_days, next_expected_at)
         SELECT * FROM unnest($1::uuid[], $2::int[], $3::timestamptz[], $4::numeric[], $5::timestamptz[])`,
        [0, 1, 2, 3, 4].map((column) => rows.map((row) => row[column])),
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${schemaOf(queryRunner)}.customer_rhythm`);
  }
}
