import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { ActorV1, ImportRowErrorV1 } from '@saleswire/contracts';
import { backoffMs, Outbox, sleep } from '@saleswire/messaging';
import { LeadImportProcessor } from './lead-import.processor';

/** Rows worked in one transaction: big enough for multi-row statements to pay, small enough to show progress. */
export const IMPORT_CHUNK_ROWS = 2000;
/** Errors a job keeps; beyond them it counts rejected rows and says the list is truncated. */
export const MAX_KEPT_ERRORS = 10_000;
/** A running job whose worker has been silent this long is taken over (its worker died). */
const STALE_SECONDS = 60;
/** Consecutive failures of a chunk before its job is marked failed rather than retried. */
export const MAX_CHUNK_FAILURES = 5;

/**
 * Works through queued import jobs, one chunk a transaction: the leads, their events and the job's progress
 * commit together, so a job interrupted by a crash resumes where it stopped and no row is imported twice.
 * Replicas share jobs with `FOR UPDATE SKIP LOCKED`.
 */
@Injectable()
export class LeadImportWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(LeadImportWorker.name);
  private readonly jobs: string;
  private readonly rows: string;
  private running = false;
  private loop?: Promise<void>;
  private wakeUp?: () => void;

  constructor(
    private readonly outbox: Outbox,
    private readonly processor: LeadImportProcessor,
  ) {
    this.jobs = `"${outbox.schema}".lead_import_job`;
    this.rows = `"${outbox.schema}".lead_import_row`;
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.loop;
  }

  wake(): void {
    this.wakeUp?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const job = await this.claim();
        if (job) {
          await this.work(job.id, job.actor).catch((error: unknown) => this.failed(job.id, error as Error));
          continue;
        }
      } catch (error) {
        this.logger.warn({ msg: 'lead import failed; retrying', error: (error as Error).message });
        await sleep(1000);
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, 1000);
        function done(): void {
          clearTimeout(timer);
          resolve();
        }
        this.wakeUp = done;
      });
      this.wakeUp = undefined;
    }
  }

  private async claim(): Promise<{ id: string; actor: ActorV1 } | null> {
    const result = (await this.outbox.transaction((tx) =>
      tx.manager.query(
        `UPDATE ${this.jobs} SET status = 'running', started_at = coalesce(started_at, now()), heartbeat_at = now()
          WHERE id = (SELECT id FROM ${this.jobs}
                       WHERE status = 'queued' OR (status = 'running' AND heartbeat_at < now() - make_interval(secs => $1))
                       ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
          RETURNING id, actor`,
        [STALE_SECONDS],
      ),
    )) as [Array<{ id: string; actor: ActorV1 }>, number];
    return result[0][0] ?? null;
  }

  /**
   * A chunk's transaction rolled back: nothing of it was kept. The job goes back to the queue to be retried
   * after a pause, or is marked failed when the same chunk failed MAX_CHUNK_FAILURES times in a row.
   */
  private async failed(jobId: string, error: Error): Promise<void> {
    const [rows] = (await this.outbox.transaction((tx) =>
      tx.manager.query(
        `UPDATE ${this.jobs}
            SET failures = failures + 1, last_error = $2,
                status = CASE WHEN failures + 1 >= $3 THEN 'failed' ELSE 'queued' END,
                finished_at = CASE WHEN failures + 1 >= $3 THEN now() ELSE NULL END
          WHERE id = $1
          RETURNING failures, status`,
        [jobId, error.message.slice(0, 1000), MAX_CHUNK_FAILURES],
      ),
    )) as [Array<{ failures: number; status: string }>, number];
    const failures = rows[0]?.failures ?? 1;
    this.logger.warn({ msg: 'lead import chunk failed', jobId, failures, status: rows[0]?.status, error: error.message });
    await sleep(backoffMs(failures, 200, 5000));
  }

  /** Chunks until no staged row is left, then marks the job completed. */
  private async work(jobId: string, actor: ActorV1): Promise<void> {
    let more = true;
    while (more && this.running) {
      more = await this.outbox.transaction(async (tx) => {
        const [job] = (await tx.manager.query(`SELECT status, jsonb_array_length(errors) AS kept FROM ${this.jobs} WHERE id = $1 FOR UPDATE`, [jobId])) as Array<{ status: string; kept: number }>;
        if (job?.status !== 'running') return false;
        const staged: Array<{ row_no: number; data: unknown }> = await tx.manager.query(
          `SELECT row_no, data FROM ${this.rows} WHERE job_id = $1 ORDER BY row_no LIMIT $2`,
          [jobId, IMPORT_CHUNK_ROWS],
        );
        if (staged.length === 0) {
          await tx.manager.query(`UPDATE ${this.jobs} SET status = 'completed', finished_at = now() WHERE id = $1`, [jobId]);
          return false;
        }
        const outcome = await this.processor.process(tx, this.outbox.schema, actor, staged.map((r) => ({ rowNo: r.row_no, data: r.data })));
        const room = Math.max(0, MAX_KEPT_ERRORS - job.kept);
        const kept: ImportRowErrorV1[] = outcome.errors.slice(0, room);
        await tx.manager.query(
          `UPDATE ${this.jobs}
              SET processed = processed + $2, accepted = accepted + $3, rejected = rejected + $4,
                  errors = errors || $5::jsonb, errors_truncated = errors_truncated OR $6, heartbeat_at = now(), failures = 0
            WHERE id = $1`,
          [jobId, staged.length, outcome.accepted, outcome.rejected, JSON.stringify(kept), kept.length < outcome.errors.length],
        );
        await tx.manager.query(`DELETE FROM ${this.rows} WHERE job_id = $1 AND row_no = ANY($2::int[])`, [jobId, staged.map((r) => r.row_no)]);
        return true;
      });
    }
    this.logger.log({ msg: 'lead import worked through', jobId });
  }
}
