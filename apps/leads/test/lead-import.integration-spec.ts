import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  COMMIT_LEAD_IMPORT_V1,
  CUSTOMER_CREATED_V1,
  customerCreatedV1Fixture,
  GET_LEAD_IMPORT_V1,
  LEAD_ASSIGNED_V1,
  LEAD_CREATED_V1,
  LEAD_IMPORT_LEADS_CREATED_V1,
  type LeadImportLeadsCreatedV1,
  type EventEnvelope,
  type LeadImportJobViewV1,
  PUT_LEAD_ASSIGNMENT_V1,
  STAGE_LEAD_IMPORT_ROWS_V1,
  START_LEAD_IMPORT_V1,
} from '@saleswire/contracts';
import type { ProblemError, RpcClient } from '@saleswire/messaging';
import { eventually, TestProducer } from '@saleswire/testing';
import { LeadImportProcessor } from '../src/lead-import/lead-import.processor';
import { HEAD, LeadsDb, type LeadsSuite, managerActor, startLeadsSuite } from './support';

const M = ['01936f0e-8a4b-7c3d-9e2f-0000000000c1', '01936f0e-8a4b-7c3d-9e2f-0000000000c2', '01936f0e-8a4b-7c3d-9e2f-0000000000c3'];
const row = (i: number, patch: object = {}): object => ({
  contact: { name: `Imported ${i}`, email: `imported${i}@bulk.example` },
  source: 'exhibition',
  direction: 'inbound',
  ...patch,
});

describe('leads: bulk import in chunks with per-row errors and the usual rules (real PostgreSQL and JetStream)', () => {
  let app: NestFastifyApplication;
  let rpc: RpcClient;
  let db: LeadsDb;
  let producer: TestProducer;
  let suite: LeadsSuite;

  const start = (total: number, actor = HEAD): Promise<LeadImportJobViewV1> => rpc.send(START_LEAD_IMPORT_V1, { actor, format: 'json', total });
  const stage = (jobId: string, firstRow: number, rows: unknown[], actor = HEAD): Promise<LeadImportJobViewV1> =>
    rpc.send(STAGE_LEAD_IMPORT_ROWS_V1, { actor, jobId, firstRow, rows });
  const commit = (jobId: string, actor = HEAD): Promise<LeadImportJobViewV1> => rpc.send(COMMIT_LEAD_IMPORT_V1, { actor, jobId });
  const job = (jobId: string, actor = HEAD): Promise<LeadImportJobViewV1> => rpc.send(GET_LEAD_IMPORT_V1, { actor, jobId });
  const failure = (promise: Promise<unknown>): Promise<ProblemError> => promise.then(() => Promise.reject(new Error('expected a failure')), (e: unknown) => e as ProblemError);

  async function importRows(rows: unknown[], sliceSize = 5000): Promise<string> {
    const opened = await start(rows.length);
    for (let first = 0; first < rows.length; first += sliceSize) await stage(opened.jobId, first + 1, rows.slice(first, first + sliceSize));
    await commit(opened.jobId);
    return opened.jobId;
  }

  beforeAll(async () => {
    suite = await startLeadsSuite({ IMPORT_UPLOAD_TIMEOUT_SECONDS: '2' }, (producer) => producer.provision('deals'));
    ({ db, producer, app, rpc } = suite);
    // A rule's members must be users of the directory (ADR 0016).
    await suite.users(...M.map((id) => ({ id })));
    await rpc.send(PUT_LEAD_ASSIGNMENT_V1, { actor: HEAD, input: { strategy: 'round_robin', members: M.map((userId) => ({ userId, weight: 1, active: true })) } });
  });

  afterAll(() => suite.close());

  it('should keep the good rows, report each bad row with its number and field, and apply assignment', async () => {
    const rows = [row(1), row(2, { source: 'billboard' }), row(3), 'not an object', row(5, { contact: { name: '' }, expectedAmount: 'lots' }), row(6), row(7, { contact: undefined })];
    const jobId = await importRows(rows);
    const done = await eventually(() => job(jobId), (j) => j.status === 'completed');
    expect(done).toMatchObject({ total: 7, received: 7, processed: 7, accepted: 3, rejected: 4, errorsTruncated: false, finishedAt: expect.any(String) });
    expect(done.errors).toEqual(
      expect.arrayContaining([
        { row: 2, field: 'source', message: expect.any(String) },
        { row: 4, field: '', message: 'must be an object' },
        { row: 5, field: 'contact.name', message: expect.any(String) },
        { row: 5, field: 'expectedAmount', message: expect.any(String) },
        { row: 7, field: 'contact', message: 'contact must be an object' },
      ]),
    );
    const stored = await db.rows<{ contact_name: string; assignee_id: string }>(`SELECT contact_name, assignee_id FROM $schema.lead WHERE contact_name LIKE 'Imported %' ORDER BY id`);
    expect(stored.map((r) => r.contact_name)).toEqual(['Imported 1', 'Imported 3', 'Imported 6']);
    expect(stored.map((r) => r.assignee_id)).toEqual(M);
    expect(await db.count('lead_import_slice')).toBe(0);
  });

  // Each was stored, or failed the chunk until the job failed: a bad row is a rejected row with its field.
  it('should reject the rows no lead may be, with their fields, and complete the job with the good ones', async () => {
    const deep = JSON.parse(`${'['.repeat(40)}${']'.repeat(40)}`) as unknown;
    const rows = [
      row(201, { contact: { name: 'Nul\u0000Name' } }),
      row(202, { title: 'lone \ud800' }),
      row(203, { expectedAmount: { $nonFiniteNumber: 'Infinity' }, currency: 'EUR' }),
      row(204, { comment: deep }),
      row(205, JSON.parse('{"\\u0000key":1,"constructor":2}') as object),
      row(206),
    ];
    const jobId = await importRows(rows);
    const done = await eventually(() => job(jobId), (j) => j.status === 'completed');
    expect(done).toMatchObject({ total: 6, accepted: 1, rejected: 5 });
    expect(done.errors.map(({ row, field }) => [row, field])).toEqual([
      [1, 'contact.name'],
      [2, 'title'],
      [3, 'expectedAmount'],
      [4, `comment${'.0'.repeat(31)}`],
      [5, '\\u0000key'],
      [5, 'constructor'],
    ]);
    expect(done.errors[2].message).toBe('expectedAmount must be a finite number');
    const stored = await db.rows<{ contact_name: string }>(`SELECT contact_name FROM $schema.lead WHERE contact_name LIKE 'Imported 20%'`);
    expect(stored.map((r) => r.contact_name)).toEqual(['Imported 206']);
  });

  it('should reject rows whose assignee is no active user, naming assigneeId, and keep the others', async () => {
    const [active, gone, unknown] = ['01936f0e-8a4b-7c3d-9e2f-0000000001a1', '01936f0e-8a4b-7c3d-9e2f-0000000001a2', '01936f0e-8a4b-7c3d-9e2f-0000000001a3'];
    await suite.users({ id: active }, { id: gone, active: false });
    const jobId = await importRows([row(301, { assigneeId: active }), row(302, { assigneeId: gone }), row(303, { assigneeId: unknown }), row(304)]);
    const done = await eventually(() => job(jobId), (j) => j.status === 'completed');
    expect(done).toMatchObject({ total: 4, accepted: 2, rejected: 2 });
    expect(done.errors).toEqual([
      { row: 2, field: 'assigneeId', message: 'is a deactivated user' },
      { row: 3, field: 'assigneeId', message: 'is not a user of the directory' },
    ]);
    const stored = await db.rows<{ contact_name: string; assignee_id: string }>(`SELECT contact_name, assignee_id FROM $schema.lead WHERE contact_name LIKE 'Imported 30%' ORDER BY id`);
    expect(stored.map((r) => r.contact_name)).toEqual(['Imported 301', 'Imported 304']);
    expect(stored[0].assignee_id).toBe(active);
  });

  it('should mark duplicates within the import and against open leads, and repeat clients, as single leads are', async () => {
    await producer.publish(CUSTOMER_CREATED_V1.subject, customerCreatedV1Fixture);
    await eventually(() => db.count('customer_index'), (n) => n === 1);
    const rows = [
      row(101, { contact: { name: 'Dup A', email: 'same@bulk.example' } }),
      row(102, { contact: { name: 'Dup B', email: 'SAME@bulk.example' } }),
      row(103, { contact: { name: 'Dup C', email: 'imported1@bulk.example' } }),
      row(104, { contact: { name: 'Repeat' }, company: { name: 'Northwind', taxId: '7707-083893' } }),
    ];
    const jobId = await importRows(rows);
    await eventually(() => job(jobId), (j) => j.status === 'completed');
    const stored = await db.rows<Record<string, unknown>>(
      `SELECT contact_name, duplicate_of_id, is_repeat, customer_id, assignee_id FROM $schema.lead WHERE contact_name IN ('Dup A', 'Dup B', 'Dup C', 'Repeat', 'Imported 1') ORDER BY id`,
    );
    const byName = Object.fromEntries(stored.map((r) => [r.contact_name, r]));
    const [imported1, dupA] = [byName['Imported 1'], byName['Dup A']];
    expect(dupA.duplicate_of_id).toBeNull();
    expect(byName['Dup B'].duplicate_of_id).toBe(await db.rows<{ id: string }>(`SELECT id FROM $schema.lead WHERE contact_name = 'Dup A'`).then((r) => r[0].id));
    expect(byName['Dup C'].duplicate_of_id).toBe(await db.rows<{ id: string }>(`SELECT id FROM $schema.lead WHERE contact_name = 'Imported 1'`).then((r) => r[0].id));
    expect(imported1.duplicate_of_id).toBeNull();
    expect(byName.Repeat).toMatchObject({ is_repeat: true, customer_id: customerCreatedV1Fixture.payload.customerId, assignee_id: customerCreatedV1Fixture.payload.ownerId });
  });

  it('should tell the imported leads in leads-created events of a hundred, each lead once with its assignment, and show progress while it runs', async () => {
    const rows = Array.from({ length: 12_000 }, (_, i) => row(10_000 + i, { contact: { name: `Bulk ${i}` } }));
    const events = async (): Promise<number> => (await db.rows<{ n: number }>(`SELECT coalesce(sum(event_count), 0)::int AS n FROM $schema.outbox_event`))[0].n;
    const before = await events();
    const onStream = await producer.countBySubject('LEADS_EVENTS');
    const jobId = await importRows(rows, 1000);
    const midway = await eventually(() => job(jobId), (j) => j.status === 'completed' || (j.processed > 0 && j.processed < j.total), { intervalMs: 5 });
    const done = await eventually(() => job(jobId), (j) => j.status === 'completed', { timeoutMs: 60_000 });
    expect(done).toMatchObject({ accepted: 12_000, rejected: 0, errors: [] });
    if (midway.status !== 'completed') expect(['receiving', 'queued', 'running']).toContain(midway.status);
    // A hundred leads an event, not a lead.created and a lead.assigned a lead, and each event on the stream once.
    expect(await events() - before).toBe(120);
    await eventually(() => db.count('outbox_event', 'published_at IS NULL'), (n) => n === 0, { timeoutMs: 60_000 });
    const settled = await producer.countBySubject('LEADS_EVENTS');
    expect(settled[LEAD_CREATED_V1.subject] ?? 0).toBe(onStream[LEAD_CREATED_V1.subject] ?? 0);
    expect(settled[LEAD_ASSIGNED_V1.subject] ?? 0).toBe(onStream[LEAD_ASSIGNED_V1.subject] ?? 0);
    const told = (await producer.messages('LEADS_EVENTS'))
      .filter((message) => message.subject.endsWith(LEAD_IMPORT_LEADS_CREATED_V1.subject))
      .map((message) => JSON.parse(message.data) as EventEnvelope<LeadImportLeadsCreatedV1>)
      .filter((event) => event.aggregateId === jobId);
    // Numbered by the row of each event's first lead, in the job's order.
    expect(told.map((event) => event.aggregateVersion)).toEqual(Array.from({ length: 120 }, (_, i) => 1 + 100 * i));
    const stored = await db.rows<{ id: string; assignee_id: string }>(`SELECT id, assignee_id FROM $schema.lead WHERE contact_name LIKE 'Bulk %'`);
    const leads = told.flatMap((event) => event.payload.leads);
    expect(new Map(leads.map(({ lead }) => [lead.leadId, lead.assigneeId]))).toEqual(new Map(stored.map((lead) => [lead.id, lead.assignee_id])));
    expect(leads).toHaveLength(12_000);
    expect(new Set(leads.map((lead) => lead.eventId)).size).toBe(12_000);
    for (const { assignment } of leads) expect(assignment).toMatchObject({ reason: 'round_robin', ruleVersion: expect.any(Number) });
    const ledger = await db.rows<{ n: number }>(`SELECT count(*)::int AS n FROM $schema.assignment_ledger WHERE lead_id = ANY($1::uuid[]) AND detail->>'import' = 'true'`, [stored.map((lead) => lead.id)]);
    expect(ledger[0].n).toBe(12_000);
    const counts = await db.rows<{ assignee_id: string; n: number }>(`SELECT assignee_id, count(*)::int AS n FROM $schema.lead WHERE contact_name LIKE 'Bulk %' GROUP BY 1 ORDER BY 1`);
    expect(counts.map((c) => c.n)).toEqual([4000, 4000, 4000]);
  }, 90_000);

  it('should work the rows that arrived while the upload goes on, and fail a job whose upload broke off, keeping them', async () => {
    const opened = await start(3);
    await stage(opened.jobId, 1, [row(1, { contact: { name: 'Early 1' } }), row(2, { contact: { name: 'Early 2' } })]);
    const worked = await eventually(() => job(opened.jobId), (j) => j.processed === 2);
    expect(worked).toMatchObject({ status: 'receiving', received: 2, accepted: 2 });
    expect(await db.count('lead', `contact_name LIKE 'Early %'`)).toBe(2);
    const failed = await eventually(() => job(opened.jobId), (j) => j.status === 'failed', { timeoutMs: 15_000 });
    expect(failed).toMatchObject({ accepted: 2, lastError: 'The upload stopped after 2 of 3 rows; the rows received were imported.', finishedAt: expect.any(String) });
    expect(await failure(stage(opened.jobId, 3, [row(3)]))).toMatchObject({ status: 409 });
  });

  it('should retry a chunk whose transaction failed and import it once', async () => {
    const process = jest.spyOn(app.get(LeadImportProcessor), 'process').mockRejectedValueOnce(new Error('deadlock detected'));
    try {
      const jobId = await importRows([row(1, { contact: { name: 'Retried' } })]);
      const done = await eventually(() => job(jobId), (j) => j.status === 'completed');
      expect(done).toMatchObject({ accepted: 1, rejected: 0, lastError: 'deadlock detected' });
      expect(process).toHaveBeenCalledTimes(2);
      expect(await db.count('lead', `contact_name = 'Retried'`)).toBe(1);
    } finally {
      process.mockRestore();
    }
  });

  it('should mark the job failed, keeping nothing of the failing chunk, when it fails every time', async () => {
    const process = jest.spyOn(app.get(LeadImportProcessor), 'process').mockRejectedValue(new Error('disk full'));
    try {
      const jobId = await importRows([row(1, { contact: { name: 'Never' } })]);
      const failed = await eventually(() => job(jobId), (j) => j.status === 'failed', { timeoutMs: 20_000 });
      expect(failed).toMatchObject({ processed: 0, accepted: 0, lastError: 'disk full', finishedAt: expect.any(String) });
      expect(process).toHaveBeenCalledTimes(5);
      expect(await db.count('lead', `contact_name = 'Never'`)).toBe(0);
    } finally {
      process.mockRestore();
    }
  });

  it('should answer 409 when committing before every row arrived, and when staging past the total', async () => {
    const opened = await start(3);
    await stage(opened.jobId, 1, [row(1)]);
    expect(await failure(commit(opened.jobId))).toMatchObject({ status: 409 });
    expect(await failure(stage(opened.jobId, 2, [row(2), row(3), row(4)]))).toMatchObject({ status: 409 });
    const again = await stage(opened.jobId, 1, [row(1)]); // a retried slice is stored once
    expect(again.received).toBe(1);
  });

  it('should answer 404 when another manager asks for the job', async () => {
    const opened = await start(1, managerActor(M[0]));
    expect((await job(opened.jobId, managerActor(M[0]))).status).toBe('receiving');
    expect(await failure(job(opened.jobId, managerActor(M[1])))).toMatchObject({ status: 404 });
  });

  it.each([
    ['total', { format: 'json', total: 100_001 }],
    ['total', { format: 'json', total: 0 }],
    ['format', { format: 'xlsx', total: 1 }],
  ])('should answer 400 naming %s when opening a job with %j', async (field, body) => {
    const error = await failure(rpc.send(START_LEAD_IMPORT_V1, { actor: HEAD, ...body }));
    expect(error.status).toBe(400);
    expect(error.errors?.map((e) => e.field)).toContain(field);
  });
});
