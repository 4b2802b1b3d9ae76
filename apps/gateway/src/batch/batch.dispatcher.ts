import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { MESSAGING_CONFIG, ProblemError, type MessagingConfig } from '@saleswire/messaging';
import { CORRELATION_HEADER } from '@saleswire/observability';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { API_KEY_HEADER } from '../auth/authenticator';
import { IDEMPOTENCY_HEADER } from '../http/idempotency.interceptor';
import { toProblemDocument } from '../http/problem';
import { checkOperation } from './batch-operation';
import type { BatchResult } from './batch.dto';

/**
 * Marks the requests a batch makes, with a value only this process knows: a batch inside a batch is refused by
 * its path already, and this refuses it whatever path Fastify would have routed to the batch.
 */
export const BATCH_OPERATION_HEADER = 'x-saleswire-batch-operation';

/** The caller's headers each operation is sent with: its credentials, its correlation id, its agent. */
const CARRIED_HEADERS = ['authorization', API_KEY_HEADER, CORRELATION_HEADER, 'user-agent', 'accept-language'];
/** The headers of an operation's answer worth passing on in its slot. */
const KEPT_HEADERS = ['etag', 'location', 'retry-after', 'idempotent-replayed'];

class OperationTimeoutError extends ProblemError {
  constructor(ms: number) {
    super(504, 'Gateway Timeout', `The operation did not finish within ${ms} ms.`);
  }
}

/**
 * Runs a batch's operations one after the other through the gateway's own Fastify instance (`inject`), each as a
 * request of its own: authenticated, authorised, rate-limited, validated, idempotent and logged exactly as if the
 * caller had sent it alone. Never calls a controller directly, so no rule can be skipped by batching.
 */
@Injectable()
export class BatchDispatcher {
  private readonly marker = randomBytes(16).toString('hex');
  private readonly timeoutMs: number;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(MESSAGING_CONFIG) messaging: MessagingConfig,
  ) {
    // Longer than any route waits for a service (RPC_TIMEOUT_MS), so a slow service's own 503 is what is seen.
    this.timeoutMs = 2 * messaging.rpcTimeoutMs + 1000;
  }

  /** Whether the request is an operation of a batch this process is running. */
  isOperation(request: FastifyRequest): boolean {
    return request.headers[BATCH_OPERATION_HEADER] === this.marker;
  }

  async run(request: FastifyRequest, operations: readonly unknown[]): Promise<BatchResult[]> {
    const results: BatchResult[] = [];
    for (const operation of operations) results.push(await this.runOne(request, operation));
    return results;
  }

  private async runOne(request: FastifyRequest, plain: unknown): Promise<BatchResult> {
    const checked = checkOperation(plain);
    if (!checked.ok) return problemResult(checked.problem);
    const { method, path, body, idempotencyKey, ifMatch } = checked.operation;
    const headers: Record<string, string> = { [BATCH_OPERATION_HEADER]: this.marker, accept: 'application/json' };
    for (const name of CARRIED_HEADERS) {
      const value = request.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (idempotencyKey !== undefined) headers[IDEMPOTENCY_HEADER] = idempotencyKey;
    if (ifMatch !== undefined) headers['if-match'] = ifMatch;
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    try {
      const response = await fastify.inject({
        method,
        url: path,
        headers,
        remoteAddress: request.ip,
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const kept: Record<string, string> = {};
      for (const name of KEPT_HEADERS) {
        const value = response.headers[name];
        if (value !== undefined) kept[name] = String(value);
      }
      return {
        status: response.statusCode,
        body: bodyOf(response.payload, String(response.headers['content-type'] ?? '')),
        ...(Object.keys(kept).length > 0 ? { headers: kept } : {}),
      };
    } catch (error) {
      if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) {
        return problemResult(new OperationTimeoutError(this.timeoutMs));
      }
      return problemResult(error);
    }
  }
}

/** The answer's body as the client would read it: JSON parsed, other text as text, nothing as null. */
function bodyOf(payload: string, contentType: string): unknown {
  if (payload === '') return null;
  if (/^application\/(?:[\w.+-]+\+)?json/i.test(contentType)) {
    try {
      return JSON.parse(payload) as unknown;
    } catch {
      return payload;
    }
  }
  return payload;
}

function problemResult(error: unknown): BatchResult {
  const { problem } = toProblemDocument(error);
  return { status: problem.status, body: problem };
}
