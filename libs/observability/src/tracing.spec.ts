import { trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { contextOf, inSpan, outsideTraces, SpanKind, startSpan, startTracing, traceparentOf, tracingEnabled, withSpan } from './tracing';
import { JsonLinesSpanExporter, tracingExporterFrom, useTracerProvider } from './tracing-sdk';

describe('tracing', () => {
  it.each([
    ['nothing set', {}, undefined],
    ['an OTLP endpoint', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318' }, OTLPTraceExporter],
    ['an OTLP traces endpoint', { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://jaeger:4318/v1/traces' }, OTLPTraceExporter],
    ['a trace file', { SALESWIRE_TRACE_FILE: '/tmp/spans.jsonl' }, JsonLinesSpanExporter],
    ['the SDK disabled', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318', OTEL_SDK_DISABLED: 'true' }, undefined],
    ['the exporter none', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318', OTEL_TRACES_EXPORTER: 'none' }, undefined],
  ])('should choose the exporter when the environment has %s', (_case, env, expected) => {
    const exporter = tracingExporterFrom(env as NodeJS.ProcessEnv);
    if (expected === undefined) expect(exporter).toBeUndefined();
    else expect(exporter).toBeInstanceOf(expected);
  });

  describe('when off (no exporter configured)', () => {
    it('should register no provider and make no spans, headers or envelope fields', async () => {
      expect(startTracing('leads', {})).toBe(false);
      expect(tracingEnabled()).toBe(false);
      expect(startSpan('anything')).toBeUndefined();
      expect(traceparentOf()).toBeUndefined();
      expect(await inSpan('work', {}, async (span) => span)).toBeUndefined();
      expect(withSpan(undefined, () => 42)).toBe(42);
      // The API stays the no-op one: nothing records.
      expect(trace.getTracer('probe').startSpan('probe').isRecording()).toBe(false);
    });
  });

  describe('when on (an in-memory exporter)', () => {
    const exporter = new InMemorySpanExporter();

    beforeAll(() => {
      useTracerProvider(new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
    });

    beforeEach(() => exporter.reset());

    it('should make the spans started inside a span its children', async () => {
      await inSpan('request', { kind: SpanKind.SERVER }, async () => {
        await inSpan('handler', {}, async () => undefined);
      });
      const [handler, request] = exporter.getFinishedSpans();
      expect(handler.name).toBe('handler');
      expect(handler.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
      expect(handler.spanContext().traceId).toBe(request.spanContext().traceId);
    });

    it('should continue a trace from a traceparent carried by a message, as another process does', async () => {
      const publish = startSpan('publish', { kind: SpanKind.PRODUCER })!;
      const header = traceparentOf(publish)!;
      publish.end();
      expect(header).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      const other = startSpan('other')!;
      other.end();
      outsideTraces(() => startSpan('process', { kind: SpanKind.CONSUMER, parent: header, links: [traceparentOf(other)] })!.end());
      const consumed = exporter.getFinishedSpans().find((span) => span.name === 'process')!;
      expect(consumed.parentSpanContext?.spanId).toBe(publish.spanContext().spanId);
      expect(consumed.spanContext().traceId).toBe(publish.spanContext().traceId);
      expect(consumed.links.map((link) => link.context.spanId)).toEqual([other.spanContext().spanId]);
    });

    it.each([['absent', undefined], ['malformed', 'not-a-traceparent']])('should start a new trace when the traceparent is %s', (_case, header) => {
      expect(trace.getSpanContext(contextOf(header))).toBeUndefined();
      outsideTraces(() => startSpan('root', { parent: header })!.end());
      expect(exporter.getFinishedSpans()[0].parentSpanContext).toBeUndefined();
    });

    it('should make no span for background work when the span requires a parent', () => {
      expect(outsideTraces(() => startSpan('send rpc.partners.list-suspended.v1', { requireParent: true }))).toBeUndefined();
      const request = startSpan('request')!;
      const send = withSpan(request, () => startSpan('send', { requireParent: true }))!;
      send.end();
      request.end();
      expect(exporter.getFinishedSpans()[0].parentSpanContext?.spanId).toBe(request.spanContext().spanId);
    });

    it('should mark a span failed when its work throws, and rethrow', async () => {
      await expect(inSpan('failing', {}, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
      expect(exporter.getFinishedSpans()[0].status).toMatchObject({ code: 2, message: 'boom' });
    });
  });
});
