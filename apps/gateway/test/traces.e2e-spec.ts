import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SpanRecord } from '@saleswire/observability';
import { cleanupSuite, eventually } from '@saleswire/testing';
import request from 'supertest';
import { ADMIN, e2ePlatform, tokenFor } from './support';

const LEAD = {
  contact: { name: 'Irina Volkova', email: 'irina@northwind.example' },
  source: 'exhibition',
  direction: 'inbound',
};

/**
 * One lead followed from POST /leads to its count in reporting, across the built apps running as processes
 * (ADR 0018). Each app writes its finished spans as JSON lines (`SALESWIRE_TRACE_FILE`, the test exporter),
 * which this suite reads back: one trace, each span the child of the one that caused it.
 */
describe('traces: one trace from POST /leads through leads, the outbox relay and reporting (booted platform)', () => {
  const platform = e2ePlatform();
  const dir = mkdtempSync(path.join(tmpdir(), 'saleswire-traces-'));
  const traceFile = (app: string): string => path.join(dir, `${app}.jsonl`);
  let gateway: string;
  let token: string;

  function spans(): SpanRecord[] {
    return ['gateway', 'leads', 'reporting', 'partners'].flatMap((app) => {
      try {
        // Whole lines only: the last one may be half-written while the app appends it.
        const lines = readFileSync(traceFile(app), 'utf8').split('\n').slice(0, -1);
        return lines.filter(Boolean).map((line) => JSON.parse(line) as SpanRecord);
      } catch {
        return [];
      }
    });
  }

  beforeAll(async () => {
    const traced = (app: string) => ({ SALESWIRE_TRACE_FILE: traceFile(app) });
    await Promise.all([
      platform.start('leads', traced('leads')),
      platform.start('reporting', traced('reporting')),
      platform.start('partners', traced('partners')),
    ]);
    await platform.start('gateway', traced('gateway'));
    gateway = platform.url('gateway');
    token = await tokenFor(gateway, ADMIN);
  });

  afterAll(async () => {
    await platform.stopAll();
    await cleanupSuite();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should give one trace whose spans have the expected parents, from the HTTP request to the projection', async () => {
    await request(gateway).post('/api/v1/leads').set('Authorization', `Bearer ${token}`).send(LEAD).expect(201);

    // The one lead's event counted in reporting, and the trace closed: a process writes a span when it ends, so a
    // child (a consumer's SQL) is written before its parent; wait until no span of the request's trace lacks its
    // parent, or for the deadline, and let the assertions below say what is missing. The gateway's other
    // requests (the login) are traces of their own.
    const orphans = (list: SpanRecord[]): SpanRecord[] => {
      const root = list.find((s) => s.service === 'gateway' && s.name === 'POST /api/v1/leads');
      if (!root) return list;
      const trace = list.filter((s) => s.traceId === root.traceId);
      const ids = new Set(trace.map((s) => s.spanId));
      return trace.filter((s) => s !== root && !ids.has(s.parentSpanId ?? ''));
    };
    const settled = (list: SpanRecord[]): boolean =>
      list.some((s) => s.service === 'reporting' && s.name === 'process evt.leads.lead.created.v1') && orphans(list).length === 0;
    const all = await eventually(async () => spans(), settled).catch(() => spans());
    const http = all.find((s) => s.service === 'gateway' && s.name === 'POST /api/v1/leads')!;
    expect(http).toMatchObject({
      kind: 'SERVER',
      parentSpanId: null,
      attributes: expect.objectContaining({ 'http.route': '/api/v1/leads', 'http.response.status_code': 201 }),
    });
    const trace = all.filter((s) => s.traceId === http.traceId);
    const one = (service: string, name: string | RegExp): SpanRecord => {
      const found = trace.filter((s) => s.service === service && (typeof name === 'string' ? s.name === name : name.test(s.name)));
      expect(found.map((s) => s.name)).toHaveLength(1);
      return found[0];
    };
    const childrenOf = (parent: SpanRecord): SpanRecord[] => trace.filter((s) => s.parentSpanId === parent.spanId);

    const send = one('gateway', 'send rpc.leads.create-lead.v1');
    expect(send).toMatchObject({ kind: 'CLIENT', parentSpanId: http.spanId });
    const handler = one('leads', 'process rpc.leads.create-lead.v1');
    expect(handler).toMatchObject({ kind: 'SERVER', parentSpanId: send.spanId });
    // Its SQL (the pg driver's spans), the lead's INSERT among them.
    const handlerSql = childrenOf(handler).filter((s) => s.attributes['db.system'] === 'postgresql' || s.attributes['db.system.name'] === 'postgresql');
    expect(handlerSql.some((s) => /INSERT INTO .*lead\b/i.test(String(s.attributes['db.statement'] ?? s.attributes['db.query.text'])))).toBe(true);
    const outbox = one('leads', 'outbox evt.leads.lead.created.v1');
    expect(outbox).toMatchObject({ kind: 'PRODUCER', parentSpanId: handler.spanId });
    const publish = one('leads', 'publish evt.leads.lead.created.v1');
    expect(publish).toMatchObject({ kind: 'PRODUCER', parentSpanId: outbox.spanId });
    const consumed = one('reporting', 'process evt.leads.lead.created.v1');
    expect(consumed).toMatchObject({ kind: 'CONSUMER', parentSpanId: publish.spanId, attributes: expect.objectContaining({ 'messaging.message.id': expect.any(String) }) });
    // Reporting's projection: the SQL of the event's transaction, inside the consumer's span.
    expect(childrenOf(consumed).some((s) => s.service === 'reporting' && /INSERT INTO .*lead_fact/i.test(String(s.attributes['db.statement'] ?? s.attributes['db.query.text'])))).toBe(true);
    // Every span of the trace hangs from another of the same trace, up to the HTTP request.
    expect(orphans(all)).toEqual([]);
  });
});
