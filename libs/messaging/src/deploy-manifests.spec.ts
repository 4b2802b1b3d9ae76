import { durableName, streamOf } from '@saleswire/contracts';
import { Metrics } from '@saleswire/observability';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { BacklogMetrics } from './backlog.metrics';
import type { Outbox } from './outbox/outbox';

// deploy/ alerts on and charts the metrics the apps export; a metric renamed in the code would leave an alert
// that never fires. And the optional components must render with the base as kubectl would apply them.

const ROOT = path.resolve(__dirname, '../../..');
const DEPLOY = path.join(ROOT, 'deploy');

/** Every series name an app can expose: the metrics of every app and the backlog gauges, with histograms' parts. */
function exportedSeries(): Set<string> {
  const metrics = new Metrics('test');
  const dataSource = { options: { schema: 'test' }, driver: { master: { totalCount: 0, idleCount: 0, waitingCount: 0 } }, query: async () => [] };
  new BacklogMetrics(metrics, dataSource as unknown as DataSource, { backlogs: async () => [] }, {} as Outbox).onModuleInit();
  const series = new Set<string>();
  for (const metric of metrics.registry.getMetricsAsArray()) {
    const { name, type } = metric as unknown as { name: string; type: string };
    series.add(name);
    if (type === 'histogram') for (const part of ['_bucket', '_sum', '_count']) series.add(name + part);
  }
  return series;
}

/** `kubectl kustomize` of deploy/ with the components named, as a list of `kind/name`. */
function render(components: string[]): string[] {
  return renderYaml(components)
    .split(/^---$/m)
    .map((doc) => `${/^kind: (\S+)/m.exec(doc)?.[1]}/${/^ {2}name: (\S+)/m.exec(doc)?.[1]}`);
}

/** `kubectl kustomize` of deploy/ with the components named, as YAML. */
function renderYaml(components: string[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'saleswire-kustomize-'));
  try {
    const base = path.relative(dir, DEPLOY);
    const lines = ['apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization', 'resources:', `  - ${base}`];
    if (components.length > 0) lines.push('components:', ...components.map((component) => `  - ${base}/${component}`));
    writeFileSync(path.join(dir, 'kustomization.yaml'), lines.join('\n') + '\n');
    return execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('deploy/ manifests', () => {
  it.each(['monitoring/alerts.yaml', 'monitoring/grafana-dashboard.json'])('should use only metrics the apps export in %s', (file) => {
    const used = new Set(readFileSync(path.join(DEPLOY, file), 'utf8').match(/\bsaleswire_[a-z0-9_]+/g) ?? []);
    expect(used.size).toBeGreaterThan(5);
    const exported = exportedSeries();
    expect([...used].filter((name) => !exported.has(name))).toEqual([]);
  });

  it('should scale reporting on CPU alone without components, and on its consumers with keda instead of the HPA', () => {
    const plain = render([]);
    expect(plain).toContain('HorizontalPodAutoscaler/reporting');
    expect(plain.some((object) => object.startsWith('ScaledObject/'))).toBe(false);
    const scaled = render(['keda', 'monitoring']);
    expect(scaled).toEqual(expect.arrayContaining(['ScaledObject/reporting', 'PrometheusRule/saleswire', 'ConfigMap/saleswire-grafana-dashboard']));
    expect(scaled).not.toContain('HorizontalPodAutoscaler/reporting');
    expect(scaled.length).toBe(plain.length + 2);
  });

  it('should add an OpenTelemetry Collector with tracing, and point the apps at it', () => {
    const plain = render([]);
    const traced = render(['tracing']);
    expect(traced).toEqual(expect.arrayContaining(['Deployment/otel-collector', 'Service/otel-collector', 'ConfigMap/otel-collector']));
    expect(traced.length).toBe(plain.length + 3);
    expect(plain.some((object) => object.endsWith('/otel-collector'))).toBe(false);
    const endpoint = 'OTEL_EXPORTER_OTLP_ENDPOINT: http://otel-collector:4318';
    expect(renderYaml(['tracing'])).toContain(endpoint);
    expect(renderYaml([])).not.toContain(endpoint);
  });

  it('should give every app the same malloc arenas in deploy/ and in docker-compose.yml', () => {
    // The bench measures reporting's memory with deploy/'s value; an app started by compose must run the same.
    const arenas = (text: string): string | undefined => /^\s*MALLOC_ARENA_MAX:\s*"?(\d+)"?/m.exec(text)?.[1];
    const deployed = arenas(renderYaml([]));
    expect(deployed).toBe('2');
    expect(arenas(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'))).toBe(deployed);
  });

  it("should point each of reporting's backlog triggers at a durable it really consumes through", () => {
    const scaledObject = readFileSync(path.join(DEPLOY, 'keda/reporting-scaledobject.yaml'), 'utf8');
    const pairs = [...scaledObject.matchAll(/stream: (\S+)\n\s+consumer: (\S+)/g)].map(([, stream, consumer]) => [stream, consumer]);
    const producers = ['leads', 'deals', 'partners'] as const;
    expect(pairs).toEqual(producers.map((producer) => [streamOf(producer).name, durableName('reporting', producer)]));
  });
});
