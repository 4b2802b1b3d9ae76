import type { FastifyInstance } from 'fastify';
import { CORRELATION_HEADER, runWithCorrelation, sanitizeCorrelationId } from './correlation';
import type { Metrics } from './metrics';

/**
 * Gives every HTTP request a correlation id (the caller's `X-Correlation-Id` or a new one), echoes it in the
 * answer, keeps it in async context for the rest of the request, and times the request. With `accessLog`, one
 * line per request (the gateway's access log).
 */
export function installHttpCorrelation(
  fastify: FastifyInstance,
  metrics: Metrics,
  accessLog?: { log(message: object): void },
): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const correlationId = sanitizeCorrelationId(request.headers[CORRELATION_HEADER]);
    reply.header(CORRELATION_HEADER, correlationId);
    runWithCorrelation({ correlationId }, done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpRequests.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    accessLog?.log({
      msg: 'request',
      method: request.method,
      route,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    });
    done();
  });
}
