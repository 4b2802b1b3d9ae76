import { Body, Controller, Get, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { InvalidInputError, ProblemError, requestKeyReplayed, RpcClient } from '@saleswire/messaging';
import { CurrentUser, toActor, type Principal } from '../auth/principal';
import {
  COMMIT_LEAD_IMPORT_V1,
  CreateLeadInputV1,
  encodeNonFiniteNumbers,
  GET_LEAD_IMPORT_V1,
  MAX_IMPORT_ROWS,
  STAGE_LEAD_IMPORT_ROWS_V1,
  START_LEAD_IMPORT_V1,
  type ImportFormat,
  type LeadImportJobViewV1,
} from '@saleswire/contracts';
import { NoRequestTimeLimit } from '../http/request-time-limit';
import { IdParam } from '../http/route-conventions';
import { csvToLeadRows } from './lead-import.csv';
import { AcceptsIdempotencyKey } from '../http/idempotency.interceptor';

/** Rows go to the leads service in slices of about this many bytes of JSON, under NATS's 1 MB messages. */
const SLICE_BYTES = 640 * 1024;

/** Cuts rows into slices whose JSON stays under `maxBytes` (a single larger row makes its own slice), lazily. */
export function* sliceRows(rows: Iterable<unknown>, maxBytes = SLICE_BYTES): Generator<unknown[]> {
  let current: unknown[] = [];
  let size = 0;
  for (const row of rows) {
    const bytes = Buffer.byteLength(JSON.stringify(row) ?? 'null') + 1;
    if (current.length > 0 && size + bytes > maxBytes) {
      yield current;
      current = [];
      size = 0;
    }
    current.push(row);
    size += bytes;
  }
  if (current.length) yield current;
}

/** `POST /leads/import` (CSV or a JSON array, up to 100,000 rows) and the job's progress. */
@ApiTags('leads')
@ApiBearerAuth()
@Controller('leads/import')
export class LeadImportController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @HttpCode(202)
  @AcceptsIdempotencyKey()
  // Up to 100,000 rows sent to leads in slices, each a request with its own timeout: a long upload is no hang.
  @NoRequestTimeLimit()
  @ApiConsumes('application/json', 'text/csv')
  @ApiBody({
    type: CreateLeadInputV1,
    isArray: true,
    description:
      'A JSON array of leads as POST /leads takes them, or CSV (text/csv) with a header row naming their fields: name, email, phone, company, taxId, source, direction, segment, marketingEventId, title, expectedAmount, currency, assigneeId, partnerId, region, comment (dotted names such as contact.name work too).',
  })
  async import(@Body() body: unknown, @Headers('content-type') contentType: string | undefined, @CurrentUser() user: Principal): Promise<{ jobId: string }> {
    const { format, total, rows } = readRows(body, contentType);
    const actor = toActor(user);
    const job = await this.rpc.send(START_LEAD_IMPORT_V1, { actor, format, total });
    // The key covers the job's creation (ADR 0010): a retry answers the first job and uploads nothing again, since
    // rows already worked are gone from the staging table and would be imported twice. That job holds what its
    // upload delivered; GET says whether it completed.
    if (requestKeyReplayed()) return { jobId: job.jobId };
    let firstRow = 1;
    try {
      for (const slice of sliceRows(rows)) {
        await this.rpc.send(STAGE_LEAD_IMPORT_ROWS_V1, { actor, jobId: job.jobId, firstRow, rows: slice });
        firstRow += slice.length;
      }
      await this.rpc.send(COMMIT_LEAD_IMPORT_V1, { actor, jobId: job.jobId });
    } catch (error) {
      // The leads service works the rows as they arrive: say which job holds those that made it.
      if (!(error instanceof ProblemError)) throw error;
      const where = `The upload stopped after ${firstRow - 1} of ${total} rows; job ${job.jobId} holds them (GET /api/v1/leads/import/${job.jobId}).`;
      throw new ProblemError(error.status, error.title, `${error.detail ?? error.title} ${where}`, error.errors, error.type);
    }
    return { jobId: job.jobId };
  }

  @Get(':jobId')
  get(@IdParam('jobId') jobId: string, @CurrentUser() user: Principal): Promise<LeadImportJobViewV1> {
    return this.rpc.send(GET_LEAD_IMPORT_V1, { actor: toActor(user), jobId });
  }
}

function readRows(body: unknown, contentType: string | undefined): { format: ImportFormat; total: number; rows: Iterable<unknown> } {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  let read: { format: ImportFormat; total: number; rows: Iterable<unknown> };
  if (type === 'text/csv') {
    const parsed = csvToLeadRows(typeof body === 'string' ? body : '');
    if (!parsed.ok) throw new InvalidInputError(parsed.errors, 'The CSV cannot be read as leads.');
    read = { format: 'csv', total: parsed.count, rows: parsed.rows };
  } else if (type === 'application/json') {
    if (!Array.isArray(body)) throw new InvalidInputError([{ field: 'body', message: 'body must be a JSON array of leads' }]);
    // Measured before the job opens: a row too large for a slice (and a NATS message) would break the upload off
    // midway. No lead comes near the size (the longest is a few KB), so this refuses only what no row can be.
    const large = body.findIndex((row) => Buffer.byteLength(JSON.stringify(encodeNonFiniteNumbers(row)) ?? 'null') > SLICE_BYTES);
    if (large !== -1) throw new InvalidInputError([{ field: 'body', message: `row ${large + 1} is larger than ${SLICE_BYTES} bytes of JSON` }]);
    read = { format: 'json', total: body.length, rows: body };
  } else {
    throw new ProblemError(415, 'Unsupported media type', 'Send text/csv or a JSON array (application/json).');
  }
  if (read.total === 0) throw new InvalidInputError([{ field: 'body', message: 'the import has no rows' }]);
  if (read.total > MAX_IMPORT_ROWS) {
    throw new InvalidInputError([{ field: 'body', message: `an import holds at most ${MAX_IMPORT_ROWS} rows, not ${read.total}` }]);
  }
  return { ...read, rows: carried(read.rows) };
}

/** The rows as they travel to the job: a number JSON cannot write (Infinity) goes as a `NonFiniteNumberV1`. */
function* carried(rows: Iterable<unknown>): Generator<unknown> {
  for (const row of rows) yield encodeNonFiniteNumbers(row);
}
