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
