import {
  context,
  propagation,
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

/*
 * What the code calls to trace, on the OpenTelemetry API only. The SDK, the OTLP exporter and the pg
 * instrumentation (tracing-sdk.ts) are loaded only when tracing is on: off, an app neither loads them (about
 * 0.3 s of startup) nor registers anything, and every helper here returns at its first line.
 */

export { SpanKind };
export type { Span };

/** The W3C Trace Context header, in NATS message headers as in HTTP (ADR 0018). */
export const TRACEPARENT_HEADER = 'traceparent';

/** What tracing-sdk hands back once its provider is registered. */
export interface RegisteredTracing {
  tracer: Tracer;
  shutdown(): Promise<void>;
}

/** The tracer while tracing is on; undefined when it is off, and every helper below then does nothing. */
let tracer: Tracer | undefined;
let registered: RegisteredTracing | undefined;

/** Whether the environment asks for traces: an OTLP endpoint (or the test's trace file), and the SDK not disabled. */
export function tracingWanted(env: NodeJS.ProcessEnv): boolean {
  if (env.OTEL_SDK_DISABLED === 'true' || env.OTEL_TRACES_EXPORTER === 'none') return false;
  return !!(env.SALESWIRE_TRACE_FILE || env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/**
 * Starts tracing for this process before anything else loads (each app's `tracing.ts`, imported first by its
 * `main.ts`): an SDK provider exporting over OTLP/HTTP when `OTEL_EXPORTER_OTLP_ENDPOINT` is set, and the `pg`
 * driver's queries as spans. Without it nothing is loaded or registered and tracing costs nothing.
 */
export function startTracing(service: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (!tracingWanted(env)) return false;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('./tracing-sdk') as typeof import('./tracing-sdk');
  sdk.registerTracing(service, env);
  return true;
}

/** Called by tracing-sdk once its provider is the process's: from now on the helpers make spans. */
export function tracingRegistered(next: RegisteredTracing): void {
  registered = next;
  tracer = next.tracer;
}

/** Sends the spans still buffered; called at shutdown. */
export async function stopTracing(): Promise<void> {
  await registered?.shutdown();
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
  propagation.inject(ctx, carrier, { set: (c, key, value) => (c[key] = value) });
  return carrier[TRACEPARENT_HEADER];
}

/** The context a `traceparent` names (a new root when it is absent or malformed). */
export function contextOf(traceparent: string | undefined | null): Context {
  if (!traceparent) return ROOT_CONTEXT;
  const carrier: Record<string, string> = { [TRACEPARENT_HEADER]: traceparent };
  return propagation.extract(ROOT_CONTEXT, carrier, { get: (c, key) => c[key], keys: (c) => Object.keys(c) });
}

/** Options of a span: its kind, attributes, and, for work that continues another process's, that parent. */
export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** The parent's `traceparent`; without it, the active span is the parent. */
  parent?: string | null;
  links?: Array<string | undefined | null>;
  /** No span outside a trace: background work (a cache refreshed every 10 s) would otherwise be a trace each time. */
  requireParent?: boolean;
}

/** Starts a span (undefined when tracing is off); the caller ends it with `endSpan`. */
export function startSpan(name: string, options: SpanOptions = {}): Span | undefined {
  if (!tracer) return undefined;
  const parent = options.parent ? contextOf(options.parent) : context.active();
  if (options.requireParent && !trace.getSpanContext(parent)) return undefined;
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
