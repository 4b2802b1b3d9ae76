import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { mayHoldNonFiniteNumbers, reviveNonFiniteNumber, type ActorV1, type ImportRowErrorV1 } from '@saleswire/contracts';
import { analyseGrownTables, queryNamed, schemaName, tableOf } from '@saleswire/database';
import type { DataSource } from 'typeorm';
import { backoffMs, Outbox, sleep, takeWithinBudget, WorkerLoop } from '@saleswire/messaging';
import { LEADS_SETTINGS, type LeadsSettings } from '../config';
import { LeadImportProcessor } from './lead-import.processor';

/**
 * Rows worked in one transaction (whole staged slices, at least one): big enough for set-based statements to
 * pay, small enough to show progress and to keep a retried chunk cheap.
 */
export const IMPORT_CHUNK_ROWS = 5000;
/** Errors a job keeps; beyond them it counts rejected rows and says the list is truncated. */
export const MAX_KEPT_ERRORS = 10_000;
/** A running job whose worker has been silent this long is taken over (its worker died). */
const STALE_SECONDS = 60;
/** Consecutive failures of a chunk before its job is marked failed rather than retried. */
export const MAX_CHUNK_FAILURES = 5;

/**
 * Works through import jobs, one chunk a transaction: the leads, their events, the job's progress and the
 * deletion of the slices they came from commit together, so a job interrupted by a crash resumes where it
 * stopped and no row is imported twice. A job is worked while its rows are still arriving (`receiving`), so
 * the upload and the work overlap; it completes once it was committed and no slice is left. Replicas share
 * jobs with `FOR UPDATE SKIP LOCKED`, and each chunk takes its job's advisory lock, so two never work one job at once.
 */
@Injectable()
export class LeadImportWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(LeadImportWorker.name);
  private readonly jobs: string;
  private readonly slices: string;
  /** The tables an import writes many rows to, whose statistics it refreshes when it completes. */
  private readonly analysed: string[];
  private readonly loop: WorkerLoop;
  private lastExpiry = 0;

  constructor(
    private readonly outbox: Outbox,
    private readonly processor: LeadImportProcessor,
    @Inject(LEADS_SETTINGS) private readonly settings: LeadsSettings,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    this.jobs = tableOf(dataSource, 'lead_import_job');
    this.slices = tableOf(dataSource, 'lead_import_slice');
    this.analysed = [tableOf(dataSource, 'lead'), tableOf(dataSource, 'assignment_ledger')];
    this.loop = new WorkerLoop(() => this.turn(), {
      pollMs: 1000,
      backoff: { baseMs: 1000, capMs: 5000 },
      logger: this.logger,
      failureMessage: 'lead import failed; retrying',
    });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /** Looks for work now (a job was queued or a slice staged) rather than at the next poll. */
  wake(): void {
    this.loop.wake();
  }

  /** Works one job through its staged slices; more to do at once when there was a job. */
  private async turn(): Promise<boolean> {
    await this.expireBrokenUploads();
    const job = await this.claim();
    if (!job) return false;
    await this.work(job.id, job.actor).catch((error: unknown) => this.failed(job.id, error as Error));
    return true;
  }

  /**
   * Fails the jobs whose upload broke off: still receiving, nothing staged left to work, and no slice for
   * IMPORT_UPLOAD_TIMEOUT_SECONDS. What they had imported stays; their `lastError` says where the upload stopped.
   */
  private async expireBrokenUploads(): Promise<void> {
    if (Date.now() - this.lastExpiry < Math.min(10_000, this.settings.importUploadTimeoutSeconds * 1000)) return;
    this.lastExpiry = Date.now();
    // Named, as the claim: both run on every poll of an idle worker, which otherwise planned them each time.
    await this.outbox.transaction((tx) =>
      queryNamed(
        tx.manager,
        `UPDATE ${this.jobs} job
            SET status = 'failed', finished_at = now(),
                last_error = format('The upload stopped after %s of %s rows; the rows received were imported.', received, total)
          WHERE status = 'receiving' AND heartbeat_at < now() - make_interval(secs => $1)
            AND NOT EXISTS (SELECT 1 FROM ${this.slices} WHERE job_id = job.id)`,
        [this.settings.importUploadTimeoutSeconds],
      ),
    );
  }

  /** A committed job to run or take over, or one still receiving whose arrived slices wait. */
  private async claim(): Promise<{ id: string; actor: ActorV1 } | null> {
    const result = (await this.outbox.transaction((tx) =>
      queryNamed(
        tx.manager,
        `UPDATE ${this.jobs}
            SET status = CASE WHEN status = 'receiving' THEN 'receiving' ELSE 'running' END,
                started_at = coalesce(started_at, now()), heartbeat_at = now()
          WHERE id = (SELECT id FROM ${this.jobs} job
                       WHERE status = 'queued'
                          OR (status = 'running' AND heartbeat_at < now() - make_interval(secs => $1))
                          OR (status = 'receiving' AND EXISTS (SELECT 1 FROM ${this.slices} WHERE job_id = job.id))
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
                status = CASE WHEN failures + 1 >= $3 THEN 'failed' WHEN status = 'receiving' THEN 'receiving' ELSE 'queued' END,
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

  /** Chunks until no staged slice is left; then a committed job is completed, a receiving one waits for more. */
  private async work(jobId: string, actor: ActorV1): Promise<void> {
    let more = true;
    let completed = false;
    while (more && this.loop.running) {
      more = await this.outbox.transaction(async (tx) => {
        // One worker a job at a time, without holding the job's row: staging the next slices (which locks the
        // row) goes on while this chunk is worked.
        await tx.manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`lead-import:${jobId}`]);
        const [job] = (await tx.manager.query(`SELECT status, jsonb_array_length(errors) AS kept FROM ${this.jobs} WHERE id = $1`, [jobId])) as Array<{ status: string; kept: number }>;
        if (job?.status !== 'running' && job?.status !== 'receiving') return false;
        const waiting: Array<{ first_row: number; row_count: number }> = await tx.manager.query(
          `SELECT first_row, row_count FROM ${this.slices} WHERE job_id = $1 ORDER BY first_row LIMIT $2`,
          [jobId, 64],
        );
        const slices = takeWithinBudget(waiting, IMPORT_CHUNK_ROWS, (slice) => slice.row_count);
        if (slices.length === 0) {
          if (job.status === 'running') {
            await tx.manager.query(`UPDATE ${this.jobs} SET status = 'completed', finished_at = now() WHERE id = $1`, [jobId]);
            completed = true;
          }
          return false;
        }
        const firstRows = slices.map((slice) => slice.first_row);
        // TypeORM answers a DELETE … RETURNING as [rows, affected].
        const [bodies] = (await tx.manager.query(
          `DELETE FROM ${this.slices} WHERE job_id = $1 AND first_row = ANY($2::int[]) RETURNING first_row, rows`,
          [jobId, firstRows],
        )) as [Array<{ first_row: number; rows: string }>, number];
        bodies.sort((a, b) => a.first_row - b.first_row);
        const staged = bodies.flatMap((body) => parseSlice(body.rows).map((data, i) => ({ rowNo: body.first_row + i, data })));
        const outcome = await this.processor.process(tx, jobId, actor, staged);
        const room = Math.max(0, MAX_KEPT_ERRORS - job.kept);
        const kept: ImportRowErrorV1[] = outcome.errors.slice(0, room);
        await tx.manager.query(
          `UPDATE ${this.jobs}
              SET processed = processed + $2, accepted = accepted + $3, rejected = rejected + $4,
                  errors = errors || $5::jsonb, errors_truncated = errors_truncated OR $6, heartbeat_at = now(), failures = 0
            WHERE id = $1`,
          [jobId, staged.length, outcome.accepted, outcome.rejected, JSON.stringify(kept), kept.length < outcome.errors.length],
        );
        return true;
      });
      // Each time the import doubled the leads' heap since the planner last looked (`analyseGrownTables`, the rule
      // reporting's rebuild follows too; not waiting for autovacuum, nor relying on it: a server may run without),
      // the leads are analysed, so the next chunks' duplicate look-ups are planned for the table as it now is. A plan
      // kept from when the table was small (a named statement's, per connection) scanned the whole table for every
      // key of a 5,000-row chunk: an import measured minutes on one chunk at 44,000 leads. Doubling, not
      // autovacuum's tenth: an ANALYZE of the leads (their trigram and contact indexes) costs 0.8 s at 100,000 rows,
      // and a tenth made fifteen of them in one import (docs/benchmarks.md).
      if (more) await this.analyseGrown(jobId);
    }
    this.logger.log({ msg: 'lead import worked through', jobId });
    if (completed) await this.analyse(jobId);
  }

  /**
   * Gives the planner true statistics for what an import wrote once it completed (issue 16): autovacuum analyses a
   * table only once a tenth of it changed, and until then the lists are planned for the table as it was (a table
   * believed to hold 3,000 rows after a million were imported). ANALYZE samples a fixed number of rows, so it
   * costs the same at any size. A failure is logged, not retried: the import itself is done.
   */
  private async analyse(jobId: string): Promise<void> {
    const started = Date.now();
    try {
      await this.dataSource.query(`ANALYZE ${this.analysed.join(', ')}`);
      this.logger.log({ msg: 'lead import analysed its tables', jobId, ms: Date.now() - started });
    } catch (error) {
      this.logger.warn({ msg: 'lead import could not analyse its tables', jobId, error: (error as Error).message });
    }
  }

  /** The leads analysed mid-import when their heap has doubled since their last statistics; a failure is logged. */
  private async analyseGrown(jobId: string): Promise<void> {
    const started = Date.now();
    try {
      const analysed = await analyseGrownTables(this.dataSource, schemaName(this.dataSource), ['lead']);
      if (analysed.length > 0) this.logger.log({ msg: 'lead import analysed the leads as they grew', jobId, ms: Date.now() - started });
    } catch (error) {
      this.logger.warn({ msg: 'lead import could not analyse the leads as they grew', jobId, error: (error as Error).message });
    }
  }
}

/**
 * A staged slice's rows. A number the gateway sent as a `NonFiniteNumberV1` becomes that number again, so that the
 * row's validation refuses it with its field rather than seeing the null JSON would have made of it.
 */
export function parseSlice(text: string): unknown[] {
  return JSON.parse(text, mayHoldNonFiniteNumbers(text) ? reviveNonFiniteNumber : undefined) as unknown[];
}
