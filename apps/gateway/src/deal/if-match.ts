import { HttpException, HttpStatus } from '@nestjs/common';
import { InvalidInputError } from '@saleswire/messaging';

/**
 * The version an `If-Match` header names: `3`, `"3"` or `W/"3"` (we send `ETag: "3"`). Without the header a
 * change could overwrite someone else's, so it is required (428).
 */
export function versionFromIfMatch(header: string | undefined): number {
  if (header === undefined || header.trim() === '') {
    throw new HttpException('PATCH needs If-Match: <version> (the version you last read).', HttpStatus.PRECONDITION_REQUIRED);
  }
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  const version = match ? Number(match[1]) : NaN;
  if (!Number.isInteger(version) || version < 1) {
    throw new InvalidInputError([{ field: 'If-Match', message: 'must be a version number, e.g. "3"' }]);
  }
  return version;
}
