import { HttpException, HttpStatus } from '@nestjs/common';
import type { FieldError, RpcProblem } from '@saleswire/contracts';
import { toProblemError } from '@saleswire/messaging';
import { STATUS_CODES } from 'node:http';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface ProblemDocument extends RpcProblem {
  type: string;
  detail: string;
  errors: FieldError[];
}

function titleOf(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

/** Fastify's own errors (broken JSON, a body too large, a wrong content type) carry a 4xx `statusCode`. */
function isClientHttpError(error: unknown): error is Error & { statusCode: number } {
  const status = (error as { statusCode?: unknown })?.statusCode;
  return error instanceof Error && typeof status === 'number' && status >= 400 && status < 500;
}

/**
 * Turns anything thrown while answering a request into a problem document (RFC 9457). A transient fault (the
 * gateway's database or NATS away) is a 503, as in the services (messaging's `toProblemError`). Only an
 * unexpected error is a 500, and its details stay in the log, not in the answer.
 */
export function toProblemDocument(error: unknown): { problem: ProblemDocument; unexpected: boolean } {
  const known = toProblemError(error);
  if (known) {
    const p = known.toProblem();
    return {
      problem: { type: p.type ?? 'about:blank', title: p.title, status: p.status, detail: p.detail ?? p.title, errors: p.errors ?? [] },
      unexpected: false,
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
    const detail = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : titleOf(status);
    return { problem: { type: 'about:blank', title: titleOf(status), status, detail, errors: [] }, unexpected: false };
  }
  if (isClientHttpError(error)) {
    const status = error.statusCode;
    const detail = error instanceof SyntaxError || /JSON/i.test(error.message) ? `The body is not valid JSON: ${error.message}` : error.message;
    return { problem: { type: 'about:blank', title: titleOf(status), status, detail, errors: [] }, unexpected: false };
  }
  const status = HttpStatus.INTERNAL_SERVER_ERROR;
  return {
    problem: { type: 'about:blank', title: titleOf(status), status, detail: 'The request could not be completed.', errors: [] },
    unexpected: true,
  };
}
