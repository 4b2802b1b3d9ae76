import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  ActorV1,
  ImportFormat,
  ImportJobStatus,
  ImportRowErrorV1,
  LeadImportJobViewV1,
} from '@saleswire/contracts';
import { uuidv7, tableOf } from '@saleswire/database';
import { Outbox } from '@saleswire/messaging';
import { DataSource } from 'typeorm';
import { ImportJobNotFoundError, ImportJobStateError } from './lead-import.errors';
import { LeadImportWorker } from './lead-import.worker';

interface JobRow {
  id: string;
  status: ImportJobStatus;
  format: ImportFormat;
  total: number;
  received: number;
  processed: number;
  accepted: number;
  rejected: number;
  errors: ImportRowErrorV1[];
  errors_truncated: boolean;
  last_error: string | null;
  actor: ActorV1;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

/** Opens import jobs, stores their rows as they arrive and queues them for the worker; answers their progress. */
@Injectable()
export class LeadImportService {
  private readonly jobs: string;
  private readonly slices: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly worker: LeadImportWorker,
    private readonly outbox: Outbox,
  ) {
    this.jobs = tableOf(dataSource, 'lead_import_job');
    this.slices = tableOf(dataSource, 'lead_import_slice');
  }

  /** A command: the job is created with the request's idempotency key, so a retry answers the same job (ADR 0010). */
  start(format: ImportFormat, total: number, actor: ActorV1): Promise<LeadImportJobViewV1> {
    return this.outbox.command(async ({ manager }) => {
      const [row] = (await manager.query(
        `INSERT INTO ${this.jobs} (id, status, format, total, actor, heartbeat_at) VALUES ($1, 'receiving', $2, $3, $4::jsonb, now()) RETURNING *`,
        [uuidv7(), format, total, JSON.stringify(actor)],
      )) as JobRow[];
      return toView(row);
    });
  }

  /**
   * Stores a slice of rows as it came (one row of JSON text); a slice sent twice is stored once. The worker may
   * start on the slices that arrived while the rest is still on its way.
   */
  async stage(jobId: string, firstRow: number, rows: unknown[], actor: ActorV1): Promise<LeadImportJobViewV1> {
    const view = await this.dataSource.transaction(async (manager) => {
      const job = await this.owned(jobId, actor, true, manager);
      if (job.status !== 'receiving') throw new ImportJobStateError(`Import ${jobId} is ${job.status}; it takes no more rows.`);
      if (firstRow - 1 + rows.length > job.total) throw new ImportJobStateError(`Import ${jobId} was opened for ${job.total} rows.`);
      if (rows.length === 0) return toView(job);
      const inserted: unknown[] = await manager.query(
        `INSERT INTO ${this.slices} (job_id, first_row, row_count, rows) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING first_row`,
        [jobId, firstRow, rows.length, JSON.stringify(rows.map((row) => row ?? null))],
      );
      const added = inserted.length ? rows.length : 0;
      const [updated] = (await manager.query(`UPDATE ${this.jobs} SET received = received + $2, heartbeat_at = now() WHERE id = $1 RETURNING *`, [jobId, added])) as [JobRow[], number];
      return toView(updated[0]);
    });
    this.worker.wake();
    return view;
  }

  /** Queues a job whose rows have all arrived; the worker picks it up at once. */
  async commit(jobId: string, actor: ActorV1): Promise<LeadImportJobViewV1> {
    const view = await this.dataSource.transaction(async (manager) => {
      const job = await this.owned(jobId, actor, true, manager);
      if (job.status !== 'receiving') throw new ImportJobStateError(`Import ${jobId} is ${job.status} already.`);
      if (job.received !== job.total) throw new ImportJobStateError(`Import ${jobId} has ${job.received} of its ${job.total} rows.`);
      const [updated] = (await manager.query(`UPDATE ${this.jobs} SET status = 'queued' WHERE id = $1 RETURNING *`, [jobId])) as [JobRow[], number];
      return toView(updated[0]);
    });
    this.worker.wake();
    return view;
  }

  async get(jobId: string, actor: ActorV1): Promise<LeadImportJobViewV1> {
    return toView(await this.owned(jobId, actor, false, this.dataSource.manager));
  }

  /** The job, when the actor started it or may see every lead; 404 otherwise. */
  private async owned(jobId: string, actor: ActorV1, lock: boolean, manager: DataSource['manager']): Promise<JobRow> {
    const [job] = (await manager.query(`SELECT * FROM ${this.jobs} WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [jobId])) as JobRow[];
    const seesAll = actor.role === 'admin' || actor.role === 'head_of_sales';
    if (!job || (!seesAll && job.actor.id !== actor.id)) throw new ImportJobNotFoundError(jobId);
    return job;
  }
}

function toView(row: JobRow): LeadImportJobViewV1 {
  const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);
  return {
    jobId: row.id,
    status: row.status,
    format: row.format,
    total: row.total,
    received: row.received,
    processed: row.processed,
    accepted: row.accepted,
    rejected: row.rejected,
    errors: row.errors,
    errorsTruncated: row.errors_truncated,
    lastError: row.last_error,
    createdAt: new Date(row.created_at).toISOString(),
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
  };
}
