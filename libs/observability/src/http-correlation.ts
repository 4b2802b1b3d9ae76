import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CORRELATION_HEADER, runWithCorrelation, sanitizeCorrelationId } from './correlation';
import type { Metrics } from './metrics';
import { endSpan, SpanKind, startSpan, tracingEnabled, withSpan, type Span } from './tracing';

/** Probes and scrapes are not traced: they would be most of the traces and say nothing. */
const UNTRACED = /^\/(health|metrics)(\/|$)/;
const spans = new WeakMap<object, Span>();

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
    const span = tracingEnabled() ? startHttpSpan(request, correlationId) : undefined;
    if (span) spans.set(request, span);
    withSpan(span, () => runWithCorrelation({ correlationId }, done));
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
    const span = spans.get(request);
    if (span) {
      spans.delete(request);
      span.setAttribute('http.response.status_code', reply.statusCode);
      endSpan(span, reply.statusCode >= 500 ? new Error(`answered ${reply.statusCode}`) : undefined);
    }
    done();
  });
  fastify.addHook('onRequestAbort', (request, done) => {
    endSpan(spans.get(request), new Error('the client closed the connection'));
    spans.delete(request);
    done();
  });
}

/** The server span of one request, named by its route template (`POST /api/v1/leads/{id}`), not its path. */
function startHttpSpan(request: FastifyRequest, correlationId: string): Span | undefined {
  const route = request.routeOptions.url;
  if (route === undefined ? UNTRACED.test(request.url) : UNTRACED.test(route)) return undefined;
  return startSpan(`${request.method} ${route ?? 'unmatched'}`, {
    kind: SpanKind.SERVER,
    attributes: {
      'http.request.method': request.method,
      'http.route': route ?? 'unmatched',
      'url.path': request.url.split('?')[0],
      'saleswire.correlation_id': correlationId,
    },
  });
}
