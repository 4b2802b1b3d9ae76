import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InvalidInputError, ProblemError } from '@saleswire/messaging';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { catchError, from, mergeMap, of, type Observable } from 'rxjs';
import type { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal';
import { PROBLEM_CONTENT_TYPE, toProblemDocument } from './problem';
import { tableOf } from '@saleswire/database';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const RETENTION_HOURS = 24;

/** JSON with object keys sorted, so that the same body written in another key order has the same fingerprint. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

class IdempotencyConflictError extends ProblemError {
  constructor(detail: string) {
    super(409, 'Conflict', detail, [{ field: 'Idempotency-Key', message: detail }]);
  }
}

/**
 * `POST` with `Idempotency-Key` (API.md, "Writes"): the first answer is stored per caller and key; the same key
 * with the same request gets that answer again (`Idempotent-Replayed: true`), with another request `409`, and
 * while the first is still running `409` too. A 5xx is not stored, so the client may retry it.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly table: string;
  private lastPurge = 0;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.table = tableOf(dataSource, 'idempotency_record');
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & { principal?: Principal }>();
    const key = request.headers[IDEMPOTENCY_HEADER];
    if (request.method !== 'POST' || key === undefined || !request.principal) return next.handle();
    if (typeof key !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(key)) {
      throw new InvalidInputError([{ field: 'Idempotency-Key', message: 'must be 1 to 200 printable characters' }]);
    }
    const reply = http.getResponse<FastifyReply>();
    const owner = request.principal.id;
    const fingerprint = createHash('sha256')
      .update(`${request.method} ${request.url}\n${canonicalJson(request.body ?? null)}`)
      .digest('hex');
    return from(this.claim(owner, key, fingerprint)).pipe(
      mergeMap((stored) => {
        if (stored) {
          void reply.status(stored.status).header('Idempotent-Replayed', 'true');
          if (stored.status >= 400) void reply.header('content-type', PROBLEM_CONTENT_TYPE);
          return of(stored.response);
        }
        return next.handle().pipe(
          mergeMap(async (body: unknown) => {
            await this.complete(owner, key, reply.statusCode, body);
            return body;
          }),
          catchError(async (error: unknown) => {
            const { problem } = toProblemDocument(error);
            if (problem.status < 500) await this.complete(owner, key, problem.status, problem);
            else await this.release(owner, key);
            throw error;
          }),
        );
      }),
    );
  }

  /** Records the key as in progress; answers the stored answer when it was used before with this request. */
  private async claim(owner: string, key: string, fingerprint: string): Promise<{ status: number; response: unknown } | null> {
    await this.purgeOccasionally();
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO ${this.table} (principal_id, key, fingerprint) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING key`,
      [owner, key, fingerprint],
    );
    if (inserted.length > 0) return null;
    const [existing]: Array<{ fingerprint: string; status: number | null; response: unknown }> = await this.dataSource.query(
      `SELECT fingerprint, status, response FROM ${this.table} WHERE principal_id = $1 AND key = $2`,
      [owner, key],
    );
    if (!existing) return this.claim(owner, key, fingerprint); // released between our insert and our read
    if (existing.fingerprint !== fingerprint) {
      throw new IdempotencyConflictError('This Idempotency-Key was used with a different request.');
    }
    if (existing.status === null) {
      throw new IdempotencyConflictError('A request with this Idempotency-Key is still being processed.');
    }
    return { status: existing.status, response: existing.response };
  }

  private async complete(owner: string, key: string, status: number, response: unknown): Promise<void> {
    await this.dataSource.query(
      `UPDATE ${this.table} SET status = $3, response = $4::jsonb, completed_at = now() WHERE principal_id = $1 AND key = $2`,
      [owner, key, status, JSON.stringify(response ?? null)],
    );
  }

  private async release(owner: string, key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM ${this.table} WHERE principal_id = $1 AND key = $2`, [owner, key]);
  }

  private async purgeOccasionally(): Promise<void> {
    if (Date.now() - this.lastPurge < 600_000) return;
    this.lastPurge = Date.now();
    await this.dataSource.query(`DELETE FROM ${this.table} WHERE created_at < now() - make_interval(hours => $1)`, [
      RETENTION_HOURS,
    ]);
  }
}
