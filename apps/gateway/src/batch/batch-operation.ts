import { toFieldErrors, type FieldError } from '@saleswire/contracts';
import { inputRuleErrors, InvalidInputError } from '@saleswire/messaging';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { BatchOperationDto, BatchRequestDto } from './batch.dto';

// The path part of an operation: unreserved characters only, so that no percent-escape, dot segment or empty
// segment can make a path that reads as one route here route to another (the batch itself) in Fastify. The
// query string is printable ASCII; its escapes are the route's to read, as if the request came alone.
const PATH_PART = /^\/api\/v1(?:\/[A-Za-z0-9._~-]+)+\/?$/;
const QUERY_PART = /^[\x21-\x7e]*$/;
const DOT_SEGMENT = /\/\.{1,2}(?:\/|$)/;
/** Routes whose answer is a stream that never ends: a batch answers when every operation has. */
const STREAMS = [/^\/api\/v1\/partners\/[^/]+\/feed\/?$/];
const BATCH_PATH = /^\/api\/v1\/batch\/?$/i;

/**
 * The operations of a batch's body, as they came; a 400 for a body that is no batch (not an object, unknown or
 * forbidden fields, no list of 1 to 100 operations). The body is read here rather than by the ValidationPipe,
 * which deletes `constructor` and `__proto__` fields in place, so that an operation holding one would have gone
 * on without it instead of being refused in its slot.
 */
export function checkBatch(plain: unknown): unknown[] {
  const refuse = (errors: FieldError[]): never => {
    throw new InvalidInputError(errors, 'The batch is not valid: it needs 1 to 100 operations and nothing else.');
  };
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) refuse([{ field: 'body', message: 'the body must be a JSON object' }]);
  const ruled = inputRuleErrors(plain, BatchRequestDto);
  if (ruled.length > 0) refuse(ruled);
  // The list is judged by a stand-in of as many nulls: class-transformer would copy (and may throw on) the
  // operations, which stay as they came, for checkOperation.
  const { operations } = plain as { operations?: unknown };
  const standIn = { ...(plain as object), ...(Array.isArray(operations) ? { operations: operations.map(() => null) } : {}) };
  const errors = validateSync(plainToInstance(BatchRequestDto, standIn), { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (errors.length > 0) refuse(toFieldErrors(errors));
  return (plain as { operations: unknown[] }).operations;
}

export type CheckedOperation = { ok: true; operation: BatchOperationDto } | { ok: false; problem: InvalidInputError };

function invalid(errors: FieldError[], detail = 'The operation is not a valid request.'): CheckedOperation {
  return { ok: false, problem: new InvalidInputError(errors, detail) };
}

/**
 * Checks one operation of a batch as the batch's own body would be checked (the input rules, then the class),
 * and what only a batch refuses: a nested batch, a path outside the API, a stream, a body on a GET or DELETE, an
 * idempotency key on anything but a POST. Field names are the operation's own (`path`, `body.contact.name`).
 */
export function checkOperation(plain: unknown): CheckedOperation {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    return invalid([{ field: '', message: 'an operation must be an object with method and path' }]);
  }
  const ruled = inputRuleErrors(plain, BatchOperationDto);
  if (ruled.length > 0) return invalid(ruled);
  const operation = plainToInstance(BatchOperationDto, plain);
  const errors = validateSync(operation, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (errors.length > 0) return invalid(toFieldErrors(errors));
  // The body goes on as it came, for the route to validate; class-transformer's copy of it is not needed.
  operation.body = (plain as { body?: unknown }).body;

  const at = operation.path.indexOf('?');
  const path = at === -1 ? operation.path : operation.path.slice(0, at);
  const query = at === -1 ? '' : operation.path.slice(at + 1);
  if (!PATH_PART.test(path) || DOT_SEGMENT.test(path) || !QUERY_PART.test(query) || query.includes('#')) {
    return invalid([{ field: 'path', message: 'path must be an API path of letters, digits, "-", ".", "_" and "~" segments, with an optional query string' }]);
  }
  if (BATCH_PATH.test(path)) return invalid([{ field: 'path', message: 'a batch cannot contain a batch' }]);
  if (STREAMS.some((stream) => stream.test(path))) {
    return invalid([{ field: 'path', message: 'a stream is not answered in a batch; open it on its own' }]);
  }
  const hasBody = operation.body !== undefined;
  if (hasBody && (operation.method === 'GET' || operation.method === 'DELETE')) {
    return invalid([{ field: 'body', message: `a ${operation.method} has no body` }]);
  }
  if (hasBody && (typeof operation.body !== 'object' || operation.body === null)) {
    return invalid([{ field: 'body', message: 'body must be a JSON object or array' }]);
  }
  if (operation.idempotencyKey !== undefined && operation.method !== 'POST') {
    return invalid([{ field: 'idempotencyKey', message: 'idempotencyKey is taken by POST only' }]);
  }
  return { ok: true, operation };
}
