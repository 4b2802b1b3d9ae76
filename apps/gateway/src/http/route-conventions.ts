import {
  createParamDecorator,
  Param,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
  type PipeTransform,
} from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, INVALID_CURSOR, isUuid, type ListQueryV1, type Page } from '@saleswire/contracts';
import { InvalidInputError, ProblemError } from '@saleswire/messaging';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { tap, type Observable } from 'rxjs';

// API.md's route conventions, in one place so that every controller states them and none writes its own:
// `@IdParam()`, `@WithEtag()` with `@IfMatchVersion()` (or `@OptionalIfMatchVersion()` where a change stays
// possible without it), lists as `@Query()` of the contract's `List…QueryV1` answered `Page<T>` (`readPage` for
// the gateway's own tables), `@Roles(...)` (auth/principal) refusing with messaging's `ForbiddenError`, and its
// `NotFoundError` for a record outside the caller's scope.

/** A malformed id is bad input (400), not a miss (404): no record can have it, and the client should know. */
class RecordIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    // `id` whatever the route calls the parameter, so that clients handle one shape for every route.
    if (!isUuid(value)) throw new InvalidInputError([{ field: 'id', message: 'id must be a UUID' }]);
    return value;
  }
}

const RECORD_ID = new RecordIdPipe();

/** The record id in the path parameter `name`: a UUID, or a `400` naming `id`. */
export const IdParam = (name = 'id'): ParameterDecorator => Param(name, RECORD_ID);

/** A calendar month in a path (`yyyy-mm`, e.g. a sales plan's), or a `400` naming `month`. */
class MonthPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) throw new InvalidInputError([{ field: 'month', message: 'month must be yyyy-mm' }]);
    return value;
  }
}

/** The month in the path parameter `name`: `yyyy-mm`, or a `400` naming `month`. */
export const MonthParam = (name = 'month'): ParameterDecorator => Param(name, new MonthPipe());

class PreconditionRequiredError extends ProblemError {
  constructor() {
    super(428, 'Precondition required', 'Send If-Match with the version you read (the ETag of GET).');
  }
}

/**
 * The version an `If-Match` header names: `3`, `"3"` or `W/"3"` (the ETag sent is `"3"`); `undefined` when none is
 * sent; `400` when it names no version, an empty header included (a client that sends one means to compare).
 */
export function versionFromOptionalIfMatch(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value === undefined ? undefined : versionNamedBy(value);
}

/**
 * The same, with the header required: `428` without one (or with an empty one), because a change made against
 * no version could overwrite someone else's.
 */
export function versionFromIfMatch(header: string | string[] | undefined): number {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') throw new PreconditionRequiredError();
  return versionNamedBy(value);
}

function versionNamedBy(value: string): number {
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(value);
  const version = match ? Number(match[1]) : NaN;
  if (!Number.isInteger(version) || version < 1) {
    throw new InvalidInputError([{ field: 'If-Match', message: 'If-Match must be the version of the record, e.g. "3"' }]);
  }
  return version;
}

class IfMatchPipe<V extends number | undefined> implements PipeTransform<string | string[] | undefined, Promise<V>> {
  constructor(private readonly read: (header: string | string[] | undefined) => V) {}

  async transform(header: string | string[] | undefined): Promise<V> {
    try {
      return this.read(header);
    } catch (error) {
      // A precondition is judged only for a request that is otherwise fine (RFC 9110, 13.2.1): a bad id or body
      // is answered first. Nest checks every parameter at once and answers the first failure to settle; the
      // other parameters' pipes settle within the microtask queue, so this one waits a turn of the event loop.
      await new Promise((resolve) => setImmediate(resolve));
      throw error;
    }
  }
}

/** Documents the header with the parameter, so a route cannot read the version and leave it out of OpenAPI. */
const documentIfMatch =
  (required: boolean): ParameterDecorator =>
  (target, key) => {
    const method = key === undefined ? undefined : Object.getOwnPropertyDescriptor(target, key);
    if (key === undefined || !method) return;
    const description = required
      ? 'The version last read (its ETag, e.g. "3"); a stale one is answered 412.'
      : 'Optional: the version last read (its ETag, e.g. "3"); a stale one is answered 412, none skips the check.';
    ApiHeader({ name: 'If-Match', required, description })(target, key, method);
  };

const readIfMatch = (_: unknown, context: ExecutionContext): string | string[] | undefined =>
  context.switchToHttp().getRequest<FastifyRequest>().headers['if-match'];

const ifMatchHeader = createParamDecorator(readIfMatch, [documentIfMatch(true)]);
const optionalIfMatchHeader = createParamDecorator(readIfMatch, [documentIfMatch(false)]);

/** The version the client's `If-Match` names, for the service to compare (412 when stale, 428 when missing). */
export const IfMatchVersion = (): ParameterDecorator => ifMatchHeader(new IfMatchPipe(versionFromIfMatch));

/**
 * The version `If-Match` names when the client sends one, else `undefined`: for a change that stays possible
 * without it (the service compares only a version it is given).
 */
export const OptionalIfMatchVersion = (): ParameterDecorator => optionalIfMatchHeader(new IfMatchPipe(versionFromOptionalIfMatch));

/** Sends the answered record's `version` as its `ETag`, in the form `If-Match` takes back. */
class EtagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      tap((record: unknown) => {
        const version = (record as { version?: unknown } | null)?.version;
        if (typeof version === 'number') void reply.header('ETag', `"${version}"`);
      }),
    );
  }
}

/** `ETag: "<version>"` on the route's answer. */
export const WithEtag = (): MethodDecorator & ClassDecorator => UseInterceptors(new EtagInterceptor());

/** Where a page starts: the sort keys of the last item of the page before, as the cursor carries them. */
export type CursorPosition = Record<string, string | number>;

/**
 * One page of a list the gateway reads from its own tables. It reads one row more than the page holds, so it
 * knows whether a next page exists without counting. A cursor is client input: one that does not decode, or
 * whose position `isPosition` refuses (a key of the wrong type), is a 400 rather than a value in the query.
 */
export async function readPage<Row>(
  query: ListQueryV1,
  read: (after: CursorPosition | null, take: number) => Promise<Row[]>,
  positionOf: (row: Row) => CursorPosition,
  isPosition: (position: CursorPosition) => boolean = () => true,
): Promise<Page<Row>> {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
  if (query.cursor !== undefined && (after === null || !isPosition(after))) throw new InvalidInputError([INVALID_CURSOR]);
  const rows = await read(after, limit + 1);
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodeCursor(positionOf(items[items.length - 1])) : null };
}
