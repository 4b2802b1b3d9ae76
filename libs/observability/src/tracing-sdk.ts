import { appendFileSync } from 'node:fs';
import { SpanKind } from '@opentelemetry/api';
import { ExportResultCode, W3CTraceContextPropagator, type ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { tracingRegistered, tracingWanted, type SpanRecord } from './tracing';

/*
 * The OpenTelemetry SDK side of tracing, loaded by `startTracing` only when tracing is on (tracing.ts).
 */

/** Where spans go, from the environment: the test's JSON lines file, else OTLP/HTTP; undefined means off. */
export function tracingExporterFrom(env: NodeJS.ProcessEnv): SpanExporter | undefined {
  if (!tracingWanted(env)) return undefined;
  if (env.SALESWIRE_TRACE_FILE) return new JsonLinesSpanExporter(env.SALESWIRE_TRACE_FILE);
  // Reads OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT, _HEADERS and _TIMEOUT itself.
  return new OTLPTraceExporter();
}

/** Registers the provider the environment asks for; `OTEL_SERVICE_NAME` overrides the app's name. */
export function registerTracing(service: string, env: NodeJS.ProcessEnv): void {
  const exporter = tracingExporterFrom(env);
  if (!exporter) return;
  // Spans to a file are for tests, which read them as soon as a request is answered: each is written at once.
  const processor: SpanProcessor = env.SALESWIRE_TRACE_FILE ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter);
  useTracerProvider(
    new NodeTracerProvider({
      resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: env.OTEL_SERVICE_NAME || service }),
      spanProcessors: [processor],
    }),
  );
}

/** Registers `provider` as the process's, with W3C propagation and pg's queries (a test's in-memory one too). */
export function useTracerProvider(provider: NodeTracerProvider): void {
  provider.register({ propagator: new W3CTraceContextPropagator() });
  // Only queries made inside a traced unit of work (a request, a handler, an event): the relay's and the
  // consumers' polling would otherwise be a trace of its own every second.
  const pg = new PgInstrumentation({ requireParentSpan: true });
  pg.setTracerProvider(provider);
  pg.enable();
  tracingRegistered({ tracer: provider.getTracer('saleswire'), shutdown: () => provider.shutdown() });
}

/**
 * Writes each finished span as one JSON line (`SALESWIRE_TRACE_FILE`): how the end-to-end trace test reads the
 * spans of apps running as separate processes, and a way to look at a trace without a collector.
 */
export class JsonLinesSpanExporter implements SpanExporter {
  constructor(private readonly file: string) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    try {
      appendFileSync(this.file, spans.map((span) => `${JSON.stringify(toRecord(span))}\n`).join(''));
      done({ code: ExportResultCode.SUCCESS });
    } catch (error) {
      done({ code: ExportResultCode.FAILED, error: error as Error });
    }
  }

  async shutdown(): Promise<void> {}
}

function toRecord(span: ReadableSpan): SpanRecord {
  const spanContext = span.spanContext();
  return {
    service: String(span.resource.attributes[ATTR_SERVICE_NAME] ?? ''),
    name: span.name,
    kind: SpanKind[span.kind],
    traceId: spanContext.traceId,
    spanId: spanContext.spanId,
    parentSpanId: span.parentSpanContext?.spanId ?? null,
    status: span.status.code,
    attributes: span.attributes,
    links: span.links.map((link) => link.context.spanId),
    startMs: span.startTime[0] * 1000 + span.startTime[1] / 1e6,
    durationMs: span.duration[0] * 1000 + span.duration[1] / 1e6,
  };
}
