import { START_LEAD_IMPORT_V1, STAGE_LEAD_IMPORT_ROWS_V1 } from '@saleswire/contracts';
import { ProblemError, ServiceUnavailableError, type RpcClient } from '@saleswire/messaging';
import { LeadImportController, sliceRows } from './lead-import.controller';

describe('sliceRows', () => {
  it('should keep every row in order and each slice under the byte budget when rows are small', () => {
    const rows = Array.from({ length: 100 }, (_, i) => ({ contact: { name: `Lead ${i}` } }));
    const slices = [...sliceRows(rows, 500)];
    expect(slices.flat()).toEqual(rows);
    for (const slice of slices) expect(Buffer.byteLength(JSON.stringify(slice))).toBeLessThanOrEqual(500 + slice.length);
    expect(slices.length).toBeGreaterThan(1);
  });

  it('should give a row larger than the budget a slice of its own', () => {
    const big = { comment: 'x'.repeat(1000) };
    expect([...sliceRows([{ a: 1 }, big, { b: 2 }], 100)]).toEqual([[{ a: 1 }], [big], [{ b: 2 }]]);
  });

  it('should answer no slice when there are no rows', () => {
    expect([...sliceRows([])]).toEqual([]);
  });
});

describe('LeadImportController', () => {
  const user = { id: '01936f0e-8a4b-7c3d-9e2f-0000000000f0', role: 'head_of_sales' as const, partnerId: null };
  const csv = ['name,email,source,direction', ...Array.from({ length: 20_000 }, (_, i) => `Lead ${i},lead${i}@x.example,website,inbound`)].join('\n');

  function recordingRpc(): { rpc: RpcClient; staged: unknown[] } {
    const staged: unknown[] = [];
    const rpc = {
      send: jest.fn(async (contract: { subject: string }, data: { rows?: unknown[] }) => {
        if (contract.subject === STAGE_LEAD_IMPORT_ROWS_V1.subject) staged.push(...(data.rows ?? []));
        return { jobId: 'job-1' };
      }),
    } as unknown as RpcClient;
    return { rpc, staged };
  }

  it('should send a number JSON cannot write as a NonFiniteNumberV1 when a JSON row holds one', async () => {
    const { rpc, staged } = recordingRpc();
    const rows = [{ contact: { name: 'A' }, expectedAmount: Infinity, currency: 'EUR' }, { contact: { name: 'B' } }];
    await new LeadImportController(rpc).import(rows, 'application/json', user);
    expect(staged).toEqual([{ contact: { name: 'A' }, expectedAmount: { $nonFiniteNumber: 'Infinity' }, currency: 'EUR' }, rows[1]]);
  });

  it('should answer 400 naming the row and open no job when a JSON row is larger than a slice', async () => {
    const { rpc } = recordingRpc();
    const rows = [{ contact: { name: 'A' } }, { contact: { name: 'B' }, comment: 'x'.repeat(700 * 1024) }];
    const error = (await new LeadImportController(rpc).import(rows, 'application/json', user).catch((e: unknown) => e)) as ProblemError;
    expect(error).toMatchObject({ status: 400, errors: [{ field: 'body', message: expect.stringMatching(/^row 2 is larger than/) }] });
    expect(rpc.send).not.toHaveBeenCalled();
  });

  it('should say which job holds the rows that made it when the leads service fails mid-upload', async () => {
    let staged = 0;
    const rpc = {
      send: jest.fn(async (contract: { subject: string }, data: { rows?: unknown[] }) => {
        if (contract.subject === START_LEAD_IMPORT_V1.subject) return { jobId: 'job-1' };
        if (contract.subject === STAGE_LEAD_IMPORT_ROWS_V1.subject) {
          if (staged > 0) throw new ServiceUnavailableError('leads did not answer within 5000 ms');
          staged += data.rows?.length ?? 0;
          return {};
        }
        throw new Error(`unexpected ${contract.subject}`);
      }),
    } as unknown as RpcClient;
    const controller = new LeadImportController(rpc);
    const error = (await controller.import(csv, 'text/csv', user).catch((e: unknown) => e)) as ProblemError;
    expect(error).toBeInstanceOf(ProblemError);
    expect(error.status).toBe(503);
    expect(error.detail).toBe(
      `leads did not answer within 5000 ms The upload stopped after ${staged} of 20000 rows; job job-1 holds them (GET /api/v1/leads/import/job-1).`,
    );
    expect(staged).toBeGreaterThan(0);
    expect(staged).toBeLessThan(20_000);
  });
});
