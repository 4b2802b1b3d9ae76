import { Metrics } from './metrics';
import { ObservabilityController } from './observability.controller';
import { runWithCorrelation, sanitizeCorrelationId } from './correlation';
import { runReadinessChecks } from './health';
import { JsonLogger, parseLogLevel } from './json-logger';

describe('JsonLogger', () => {
  it('should write one JSON line with service, level, context and the current correlation id', () => {
    const lines: string[] = [];
    const logger = new JsonLogger('leads', 'log', (line) => lines.push(line));
    runWithCorrelation({ correlationId: 'corr-1' }, () => logger.log('lead stored', 'LeadService'));
    expect(JSON.parse(lines[0])).toMatchObject({
      level: 'info',
      service: 'leads',
      context: 'LeadService',
      msg: 'lead stored',
      correlationId: 'corr-1',
    });
  });

  it('should drop messages below its level', () => {
    const lines: string[] = [];
    const logger = new JsonLogger('leads', parseLogLevel('warn'), (line) => lines.push(line));
    logger.log('quiet');
    logger.warn('loud');
    expect(lines).toHaveLength(1);
  });
});

describe('sanitizeCorrelationId', () => {
  it.each([['abc-123', 'abc-123'], ['a'.repeat(128), 'a'.repeat(128)]])('should keep %s', (input, expected) => {
    expect(sanitizeCorrelationId(input)).toBe(expected);
  });

  it.each([[''], ['has space'], ['x'.repeat(129)], [undefined], [['a']]])('should replace %p with a new id', (input) => {
    expect(sanitizeCorrelationId(input)).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('runReadinessChecks', () => {
  it('should be unavailable when one check fails or hangs', async () => {
    const report = await runReadinessChecks(
      [
        { name: 'database', check: async () => undefined },
        { name: 'nats', check: () => new Promise(() => undefined) },
      ],
      50,
    );
    expect(report.status).toBe('unavailable');
    expect(report.checks.database.status).toBe('ok');
    expect(report.checks.nats).toMatchObject({ status: 'down', error: expect.stringContaining('50 ms') });
  });
});

describe('GET /metrics', () => {
  const metrics = new Metrics('reporting');
  const controller = new ObservabilityController(metrics, []);
  metrics.eventsPublished.inc({ subject: 'evt.a' }, 3);

  it('should answer every metric, the process defaults included, without a name', async () => {
    const text = await controller.scrape();
    expect(text).toContain('saleswire_outbox_published_total{subject="evt.a",service="reporting"} 3');
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it.each([
    ['one name', 'saleswire_outbox_published_total', ['saleswire_outbox_published_total']],
    ['a name twice and one unknown', ['saleswire_outbox_published_total', 'nope', 'saleswire_outbox_published_total'], ['saleswire_outbox_published_total']],
    ['two names', ['saleswire_outbox_published_total', 'process_cpu_user_seconds_total'], ['saleswire_outbox_published_total', 'process_cpu_user_seconds_total']],
    ['an unknown name alone', 'nope', []],
  ])('should answer only the metrics named with %s', async (_case, name, expected) => {
    const text = await controller.scrape(name);
    const families = text.split('\n').filter((line) => line.startsWith('# TYPE ')).map((line) => line.split(' ')[2]);
    expect(families).toEqual(expected);
    if (expected.includes('saleswire_outbox_published_total')) expect(text).toContain('saleswire_outbox_published_total{subject="evt.a",service="reporting"} 3');
  });
});
