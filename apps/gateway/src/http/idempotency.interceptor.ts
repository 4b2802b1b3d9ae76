import { Injectable, Logger, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiHeader } from '@nestjs/swagger';
import { queryNamed, tableOf } from '@saleswire/database';
import {
  IdempotencyKeyReusedError,
  InvalidInputError,
  REQUEST_KEY_RETENTION_HOURS,
  RequestKeyScope,
  runWithRequestKey,
} from '@saleswire/messaging';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { catchError, from, mergeMap, Observable, of } from 'rxjs';
import type { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal';
import { PROBLEM_CONTENT_TYPE, toProblemDocument } from './problem';

export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** The writes that take a key: POST creates and acts, PUT replaces (and counts a version, so a retry is not free). */
const KEYED_METHODS = new Set(['POST', 'PUT']);

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

/** What a request is, for telling a retry from another request under the same key: method, path and body. */
export function requestFingerprint(method: string, url: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${url}\n${canonicalJson(body ?? null)}`).digest('hex');
}

/** The answer that this key was used with another request, from this gateway or (as a plain problem) a service. */
function isKeyReused(problem: { status: number; errors: Array<{ field: string }> }): boolean {
  return problem.status === 409 && problem.errors.some((error) => error.field === 'Idempotency-Key');
}

/** What API.md promises about the header, on every write route of the OpenAPI document. */
const IDEMPOTENCY_KEY_DOCUMENTATION =
  'Makes the write safe to send again (1 to 200 printable characters, unique per write, per caller). The same ' +
  'key with the same request within 24 hours answers the first answer (with `Idempotent-Replayed: true`) and ' +
  'changes nothing again, whatever failed in between: the key is recorded with the change, in the same ' +
  'transaction. The same key with another request is `409`. Without a key a write is at least once: a retry ' +
  'after a lost answer (a timeout, a `503`) may do it twice.';

/** Documents `Idempotency-Key` on a write route; every POST and PUT that changes something carries it. */
export const AcceptsIdempotencyKey = (): MethodDecorator =>
  ApiHeader({ name: 'Idempotency-Key', required: false, description: IDEMPOTENCY_KEY_DOCUMENTATION });

interface CompletedAnswer {
  fingerprint: string;
  status: number;
  response: unknown;
}

/**
 * `POST` and `PUT` with `Idempotency-Key` (API.md, "Writes"; ADR 0010). The key, the caller and the request's
 * fingerprint travel with the write to the service that makes the change, which records them in the change's
 * transaction and answers a retry with its first reply; this gateway only keeps completed answers for fast
 * replays (and 4xx answers, which change nothing). It never holds a key "in progress" and never forgets one
 * after a failure, so no crash or outage in between can strand a key or make a retry change things twice.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger(IdempotencyInterceptor.name);
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
    if (!KEYED_METHODS.has(request.method) || key === undefined || !request.principal) return next.handle();
    if (typeof key !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(key)) {
      throw new InvalidInputError([{ field: 'Idempotency-Key', message: 'must be 1 to 200 printable characters' }]);
    }
    const reply = http.getResponse<FastifyReply>();
    const owner = request.principal.id;
    const fingerprint = requestFingerprint(request.method, request.url, request.body);
    return from(this.completed(owner, key)).pipe(
      mergeMap((stored) => {
        if (stored) {
          if (stored.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError();
          void reply.status(stored.status).header('Idempotent-Replayed', 'true');
          if (stored.status >= 400) void reply.header('content-type', PROBLEM_CONTENT_TYPE);
          return of(stored.response);
        }
        const scope = new RequestKeyScope({ principalId: owner, key, fingerprint }, 'http', `${request.method} ${request.routeOptions?.url ?? request.url}`);
        return this.handle(scope, next).pipe(
          mergeMap(async (body: unknown) => {
            if (scope.replayed) void reply.header('Idempotent-Replayed', 'true');
            if (scope.outcome === 'pending') {
              // The route changed something without sending the key to the service that records it (or recording
              // it here): a retry would change it again. The e2e suite's write routes fail on this.
              this.logger.error({ msg: 'write answered without recording its idempotency key', route: scope.subject });
            }
            await this.remember(owner, key, fingerprint, reply.statusCode, body);
            return body;
          }),
          catchError(async (error: unknown) => {
            const { problem } = toProblemDocument(error);
            // A 4xx changed nothing and will be answered the same: kept, as the first answer. A 5xx is not: the
            // service may have committed before the failure, and the retry asks it, which knows. Nor is the 409 of
            // a key reused with another request: the key's first answer is the one the service holds.
            if (problem.status < 500 && !isKeyReused(problem)) await this.remember(owner, key, fingerprint, problem.status, problem);
            throw error;
          }),
        );
      }),
    );
  }

  /** The route's handler with the request's key in its async context, for `RpcClient` or `RequestKeys` to use. */
  private handle(scope: RequestKeyScope, next: CallHandler): Observable<unknown> {
    return new Observable((subscriber) => runWithRequestKey(scope, () => next.handle().subscribe(subscriber)));
  }

  /**
   * The completed answer kept for this caller's key, if any. Only a help: when the gateway's database is away
   * the request goes on to the service, whose record decides.
   */
  private async completed(owner: string, key: string): Promise<CompletedAnswer | null> {
    try {
      await this.purgeOccasionally();
      // Named, as the insert below: both run with every request that carries a key.
      const [row] = await queryNamed<CompletedAnswer[]>(
        this.dataSource,
        `SELECT fingerprint, status, response FROM ${this.table}
          WHERE principal_id = $1 AND key = $2 AND status IS NOT NULL AND created_at >= now() - make_interval(hours => $3)`,
        [owner, key, REQUEST_KEY_RETENTION_HOURS],
      );
      return row ?? null;
    } catch (error) {
      this.logger.warn({ msg: 'idempotency record unreadable; asking the service', error: (error as Error).message });
      return null;
    }
  }

  /**
   * Keeps a completed answer for fast replays. Best effort: the change is committed (or a 4xx changed nothing),
   * so failing here must not turn the answer into an error; the service's record still answers a retry.
   */
  private async remember(owner: string, key: string, fingerprint: string, status: number, response: unknown): Promise<void> {
    try {
      // A row without a status was left "in progress" by a gateway before ADR 0010: it is taken over.
      await queryNamed(
        this.dataSource,
        `INSERT INTO ${this.table} AS r (principal_id, key, fingerprint, status, response, completed_at)
         VALUES ($1, $2, $3, $4, $5::jsonb, now())
         ON CONFLICT (principal_id, key) DO UPDATE
           SET fingerprint = EXCLUDED.fingerprint, status = EXCLUDED.status, response = EXCLUDED.response,
               completed_at = now(), created_at = now()
           WHERE r.status IS NULL OR r.created_at < now() - make_interval(hours => $6)`,
        [owner, key, fingerprint, status, JSON.stringify(response ?? null), REQUEST_KEY_RETENTION_HOURS],
      );
    } catch (error) {
      this.logger.warn({ msg: 'idempotency record not kept; the service answers a retry', error: (error as Error).message });
    }
  }

  private async purgeOccasionally(): Promise<void> {
    if (Date.now() - this.lastPurge < 600_000) return;
    this.lastPurge = Date.now();
    await this.dataSource.query(`DELETE FROM ${this.table} WHERE created_at < now() - make_interval(hours => $1)`, [
      REQUEST_KEY_RETENTION_HOURS,
    ]);
  }
}
