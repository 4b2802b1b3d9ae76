import { HttpException, HttpStatus } from '@nestjs/common';
import type { FieldError, RpcProblem } from '@saleswire/contracts';
import { toProblemError } from '@saleswire/messaging';
import { BASELINE_SECURITY_HEADERS } from './browser-access';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const SECURITY_HEADER_LINES = Object.entries(BASELINE_SECURITY_HEADERS)
  .map(([name, value]) => `${name}: ${value}\r\n`)
  .join('');

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

/**
 * Fastify's answer to a URL no route is looked up for (a path it cannot decode, such as `/leads/%FF`, or a path
 * parameter over its length), which Fastify otherwise writes as its own JSON, outside Nest's filters.
 */
export function frameworkErrorAsProblem(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : HttpStatus.BAD_REQUEST;
  const problem: ProblemDocument = { type: 'about:blank', title: titleOf(status), status, detail: 'The request URL cannot be read.', errors: [] };
  for (const [name, value] of Object.entries(BASELINE_SECURITY_HEADERS)) void reply.header(name, value);
  void reply.code(status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
}

/**
 * Node's answer to a request its HTTP parser refuses (headers or URL over its size, a malformed request line),
 * as a problem document; the connection is closed after it, as Fastify does.
 */
export function clientErrorAsProblem(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const detail = status === 431 ? 'The request line and headers are larger than the server reads.' : 'The request cannot be read.';
  const body = JSON.stringify({ type: 'about:blank', title: titleOf(status), status, detail, errors: [] } satisfies ProblemDocument);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${titleOf(status)}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${SECURITY_HEADER_LINES}Connection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
