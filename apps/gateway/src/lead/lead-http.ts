import { Injectable, type PipeTransform } from '@nestjs/common';
import { isUuid } from '@saleswire/contracts';
import { InvalidInputError, ProblemError } from '@saleswire/messaging';

/** A record id in the path must be a UUID: `400` naming `id` otherwise (a malformed id is bad input, not a miss). */
@Injectable()
export class IdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isUuid(value)) throw new InvalidInputError([{ field: 'id', message: 'id must be a UUID' }]);
    return value;
  }
}

/** 428 for a PATCH without `If-Match`: every change must say which version it was made against. */
export class PreconditionRequiredError extends ProblemError {
  constructor() {
    super(428, 'Precondition required', 'Send If-Match with the version you read (the ETag of GET).');
  }
}

/** The version in an `If-Match` header: `3`, `"3"` or `W/"3"`. Throws 428 when absent and 400 when malformed. */
export function versionFromIfMatch(header: string | string[] | undefined): number {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') throw new PreconditionRequiredError();
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(value);
  const version = match ? Number(match[1]) : NaN;
  if (!Number.isInteger(version) || version < 1) {
    throw new InvalidInputError([{ field: 'If-Match', message: 'If-Match must be the version of the record, e.g. "3"' }]);
  }
  return version;
}

/** The `ETag` of a record with a version. */
export function etagOf(version: number): string {
  return `"${version}"`;
}
