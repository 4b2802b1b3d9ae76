import { appendFileSync } from 'node:fs';
import {
  context,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
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

export { SpanKind };
export type { Span };

/** The W3C Trace Context header, in NATS message headers as in HTTP (ADR 0018). */
export const TRACEPARENT_HEADER = 'traceparent';

/** The tracer while tracing is on; undefined when it is off, and every helper below then does nothing. */
let tracer: Tracer | undefined;
let provider: NodeTracerProvider | undefined;
const propagator = new W3CTraceContextPropagator();

/** Where the exporter sends spans, from the environment; undefined means tracing is off. */
export function tracingExporterFrom(env: NodeJS.ProcessEnv): SpanExporter | undefined {
  if (env.OTEL_SDK_DISABLED === 'true' || env.OTEL_TRACES_EXPORTER === 'none') return undefined;
  if (env.SALESWIRE_TRACE_FILE) return new JsonLinesSpanExporter(env.SALESWIRE_TRACE_FILE);
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return new OTLPTraceExporter();
  return undefined;
}

/**
 * Starts tracing for this process before anything else loads (each app's `tracing.ts`, imported first by its
 * `main.ts`): an SDK provider exporting over OTLP/HTTP when `OTEL_EXPORTER_OTLP_ENDPOINT` is set, and the `pg`
 * driver's queries as spans. Without an exporter nothing is registered and tracing costs nothing.
 */
export function startTracing(service: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const exporter = tracingExporterFrom(env);
  if (!exporter) return false;
  // Spans to a file are for tests, which read them as soon as a request is answered: each is written at once.
  const processor: SpanProcessor = env.SALESWIRE_TRACE_FILE ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter);
  return useTracerProvider(
    new NodeTracerProvider({
      resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: env.OTEL_SERVICE_NAME ?? service }),
      spanProcessors: [processor],
    }),
  );
}

/** Registers `next` as the process's tracer provider (also what a test does with an in-memory exporter). */
export function useTracerProvider(next: NodeTracerProvider): boolean {
  next.register({ propagator });
  provider = next;
  tracer = next.getTracer('saleswire');
  // Only queries made inside a traced unit of work (a request, a handler, an event): the relay's and the
  // consumers' polling would otherwise be a trace of its own every second.
  const pg = new PgInstrumentation({ requireParentSpan: true });
  pg.setTracerProvider(next);
  pg.enable();
  return true;
}

/** Sends the spans still buffered; called at shutdown. */
export async function stopTracing(): Promise<void> {
  await provider?.shutdown();
}

/** Whether this process traces: the callers skip header and envelope work entirely when it does not. */
export function tracingEnabled(): boolean {
  return tracer !== undefined;
}

/** The W3C `traceparent` of `span` (or of the active span), for a NATS header or an event envelope. */
export function traceparentOf(span?: Span): string | undefined {
  if (!tracer) return undefined;
  const carrier: Record<string, string> = {};
  const ctx = span ? trace.setSpan(context.active(), span) : context.active();
  propagator.inject(ctx, carrier, { set: (c, key, value) => (c[key] = value) });
  return carrier[TRACEPARENT_HEADER];
}

/** The context a `traceparent` names (a new root when it is absent or malformed). */
export function contextOf(traceparent: string | undefined | null): Context {
  if (!traceparent) return ROOT_CONTEXT;
  return propagator.extract(ROOT_CONTEXT, { [TRACEPARENT_HEADER]: traceparent }, { get: (c, key) => c[key], keys: (c) => Object.keys(c) });
}

/** Options of a span: its kind, attributes, and, for work that continues another process's, that parent. */
export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** The parent's `traceparent`; without it, the active span is the parent. */
  parent?: string | null;
  links?: Array<string | undefined | null>;
}

/** Starts a span (undefined when tracing is off); the caller ends it with `endSpan`. */
export function startSpan(name: string, options: SpanOptions = {}): Span | undefined {
  if (!tracer) return undefined;
  const parent = options.parent ? contextOf(options.parent) : context.active();
  const links = (options.links ?? [])
    .map((link) => (link ? trace.getSpanContext(contextOf(link)) : undefined))
    .filter((spanContext): spanContext is NonNullable<typeof spanContext> => spanContext !== undefined)
    .map((spanContext): Link => ({ context: spanContext }));
  return tracer.startSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes, links }, parent);
}

/** Ends a span, marking it failed with the error's message when there is one. */
export function endSpan(span: Span | undefined, error?: unknown): void {
  if (!span) return;
  if (error !== undefined) markFailed(span, error);
  span.end();
}

/** Marks a span failed with the error's message (a problem object's `detail` or `title`). */
export function markFailed(span: Span | undefined, error: unknown): void {
  if (!span) return;
  const message = describeError(error);
  if (error instanceof Error) span.recordException(error);
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === 'object') {
    const problem = error as { detail?: unknown; title?: unknown };
    return String(problem.detail ?? problem.title ?? 'failed');
  }
  return String(error);
}

/** Runs `fn` with `span` active, so the spans it starts (its SQL among them) are the span's children. */
export function withSpan<T>(span: Span | undefined, fn: () => T): T {
  return span ? context.with(trace.setSpan(context.active(), span), fn) : fn();
}

/** Runs `fn` in a span of its own, ended when `fn` settles; just `fn` when tracing is off. */
export async function inSpan<T>(name: string, options: SpanOptions, fn: (span?: Span) => Promise<T>): Promise<T> {
  const span = startSpan(name, options);
  if (!span) return fn();
  try {
    const result = await withSpan(span, () => fn(span));
    endSpan(span);
    return result;
  } catch (error) {
    endSpan(span, error);
    throw error;
  }
}

/** Runs `fn` outside any trace: background loops woken from inside a request must not join its trace. */
export function outsideTraces<T>(fn: () => T): T {
  return tracer ? context.with(ROOT_CONTEXT, fn) : fn();
}

/**
 * Writes each finished span as one JSON line (`SALESWIRE_TRACE_FILE`): how the end-to-end trace test reads the
 * spans of apps running as separate processes, and a way to look at a trace without a collector.
 */
export class JsonLinesSpanExporter implements SpanExporter {
  constructor(private readonly file: string) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    try {
      appendFileSync(this.file, spans.map((span) => `${JSON.stringify(toJson(span))}\n`).join(''));
      done({ code: ExportResultCode.SUCCESS });
    } catch (error) {
      done({ code: ExportResultCode.FAILED, error: error as Error });
    }
  }

  async shutdown(): Promise<void> {}
}

/** A finished span as the trace test and a reader of the file see it. */
export interface SpanRecord {
  service: string;
  name: string;
  kind: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  status: number;
  attributes: Attributes;
  links: string[];
  startMs: number;
  durationMs: number;
}

function toJson(span: ReadableSpan): SpanRecord {
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
