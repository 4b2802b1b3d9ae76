import { spawn } from 'node:child_process';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Metrics } from '@saleswire/observability';
import { suiteEnv } from '@saleswire/testing';
import type { Client } from 'pg';
import { AGGREGATE_TABLES } from '../src/deal-fact/deal-aggregates';
import { appliedIn, PROJECTED_TABLES, ReadModelRebuild, startAttached } from '../src/rebuild/read-model-rebuild';
import { consumedEvents, everyReport, feed, scenario, shuffled } from './report-events';
import { type ReportingSuite, startReportingSuite } from './support';

/** Every pre-aggregated row that counts something (a row fallen to zero stays behind an incremental change), as text, in order. */
async function sums(pg: Client, schema: string): Promise<Record<string, string[]>> {
  const all: Record<string, string[]> = {};
  for (const { table, sums: columns } of AGGREGATE_TABLES) {
    const { rows } = await pg.query(`SELECT t::text AS row FROM "${schema}".${table} t WHERE ${columns.map((column) => `${column} <> 0`).join(' OR ')} ORDER BY 1`);
    all[table] = rows.map(({ row }) => row as string);
  }
  return all;
}

describe('reporting: rebuilding the read models while events keep arriving (real PostgreSQL and JetStream)', () => {
  let suite: ReportingSuite;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    suite = await startReportingSuite();
    app = suite.app;
  });

  afterAll(() => suite?.close());

  it('should switch to rebuilt tables whose figures equal those of the live ones, events arriving throughout', async () => {
    const { pg, schema } = suite;
    const before = consumedEvents(app);
    await feed(suite, before, 'before');
    // A projection fault the rebuild repairs: a deal's facts damaged by hand.
    await pg.query(`UPDATE "${schema}".deal_fact SET amount = 1`);

    const during = [...scenario(), ...scenario()];
    // Another schema's rebuild running on the same server does not hold this one up.
    await pg.query(`SELECT pg_advisory_lock(hashtext($1))`, [`saleswire.reporting.rebuild:${schema}_elsewhere`]);
    // The facts replayed by two consumers at once, as REBUILD_WORKERS=2 does in two processes; the other one counted apart.
    const rebuild = app.get(ReadModelRebuild);
    const replayerMetrics = new Metrics('replayer');
    let replayerStopped = false;
    const rebuilding = rebuild.run({
      name: 'reporting_rebuild_spec',
      pollMs: 50,
      analyseFromPages: 1,
      replayers: async (name) => {
        const replayer = rebuild.replayFacts(name, replayerMetrics);
        await startAttached(replayer);
        return [
          {
            stop: async () => {
              await replayer.stop();
              replayerStopped = true;
              return appliedIn(replayerMetrics);
            },
          },
        ];
      },
    });
    const reports: unknown[] = [];
    const reading = (async () => {
      // Reports keep answering throughout, never from a half-built model (they must not fail).
      for (let i = 0; i < 10; i += 1) reports.push(await everyReport(app));
    })();
    await feed(suite, shuffled(during, 3), 'during', { fresh: false });
    const { events } = await rebuilding;
    await pg.query(`SELECT pg_advisory_unlock(hashtext($1))`, [`saleswire.reporting.rebuild:${schema}_elsewhere`]);
    await reading;
    expect(events).toBeGreaterThan(before.length);
    expect(reports).toHaveLength(10);
    expect(replayerStopped).toBe(true);
    expect(await appliedIn(replayerMetrics)).toBeGreaterThan(0);
    const rebuilt = await everyReport(app);
    // Summed once from the facts (and then moved by what arrived meanwhile): every pre-aggregated row.
    const rebuiltSums = await sums(pg, schema);
    expect(rebuiltSums.deal_agg_flow.length).toBeGreaterThan(0);
    expect(rebuiltSums.lead_agg_created.length).toBeGreaterThan(0);
    expect(rebuiltSums.partner_agg_flow.length).toBeGreaterThan(0);

    // The same events projected from scratch by the live consumer alone, event by event, give the same figures and
    // the same rows.
    await feed(suite, [...before, ...during], 'again');
    expect(rebuilt).toEqual(await everyReport(app));
    expect(rebuiltSums).toEqual(await sums(pg, schema));

    const { rows } = await pg.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND (table_name LIKE 'next\\_%' OR table_name LIKE 'old\\_%')`,
      [schema],
    );
    expect(rows).toEqual([]);
    const { rows: tables } = await pg.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1`, [schema]);
    expect(tables.map((row) => row.table_name)).toEqual(expect.arrayContaining([...PROJECTED_TABLES]));
    const { rows: inbox } = await pg.query(`SELECT count(*)::int AS n FROM "${schema}".inbox_event WHERE consumer = 'reporting_rebuild_spec'`);
    expect(inbox[0].n).toBe(0);
    // The rebuilt facts were analysed as they grew (their statistics moved with them in the switch), so that the
    // replay's statements were planned for tables of their size, not for empty ones.
    const { rows: analysed } = await pg.query(`SELECT analyze_count::int AS n FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = 'deal_fact'`, [schema]);
    expect(analysed[0].n).toBeGreaterThan(0);
    // With the live tables' storage parameters, which LIKE does not copy: deal_fact's room for HOT updates.
    const { rows: options } = await pg.query(`SELECT reloptions FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = 'deal_fact'`, [schema]);
    expect(options[0].reloptions).toContain('fillfactor=80');
  });

  it('should refuse a second rebuild of the same read models while one runs', async () => {
    const { pg, schema } = suite;
    await pg.query(`SELECT pg_advisory_lock(hashtext($1))`, [`saleswire.reporting.rebuild:${schema}`]);
    try {
      await expect(app.get(ReadModelRebuild).run({ name: 'reporting_rebuild_refused' })).rejects.toThrow('another rebuild of the read models is running');
    } finally {
      await pg.query(`SELECT pg_advisory_unlock(hashtext($1))`, [`saleswire.reporting.rebuild:${schema}`]);
    }
  });

  it('should replay the facts in two processes with REBUILD_WORKERS=2 (rebuild.js, built by npm run build) and repair the model', async () => {
    const { pg, schema } = suite;
    const live = await everyReport(app);
    await pg.query(`UPDATE "${schema}".deal_fact SET amount = 1`);
    await pg.query(`UPDATE "${schema}".deal_agg_flow SET n = n + 3`);
    expect(await everyReport(app)).not.toEqual(live);

    const script = path.resolve(__dirname, '../../../dist/apps/reporting/rebuild.js');
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
      let out = '';
      const child = spawn(process.execPath, [script], { env: suiteEnv('reporting', { REBUILD_WORKERS: '2' }), stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.on('data', (chunk) => (out += chunk));
      child.stderr.on('data', (chunk) => (out += chunk));
      child.on('exit', (exitCode) => resolve({ code: exitCode, output: out }));
    });
    expect({ code, output: code === 0 ? '' : output }).toEqual({ code: 0, output: '' });
    // The forked replayer took a share of the facts and stopped before the rebuild went on.
    const share = /a replayer of \S+ applied (\d+) events/.exec(output);
    expect(Number(share?.[1])).toBeGreaterThan(0);
    expect(output).toMatch(/read models rebuilt from \d+ events/);
    expect(await everyReport(app)).toEqual(live);
  });
});
