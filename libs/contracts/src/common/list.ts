import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { isUuid } from './ids';
import type { FieldError } from './problem';

/** `?limit=` (1–500, default 50) and `?cursor=` of every list (API.md, "Lists"). */
export class ListQueryV1 {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'cursor must be a cursor returned by a previous page' })
  cursor?: string;
}

export const DEFAULT_PAGE_SIZE = 50;

/** One page of a list. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Encodes the keyset position after the last item of a page. Opaque to clients. */
export function encodeCursor(position: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** Decodes a cursor made by `encodeCursor`; null when it is not one. */
export function decodeCursor(cursor: string | undefined): Record<string, string | number> | null {
  if (!cursor) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, string | number>) : null;
  } catch {
    return null;
  }
}

/** What a list answers (400) for a cursor it did not make. */
export const INVALID_CURSOR: FieldError = { field: 'cursor', message: 'cursor must be a cursor returned by a previous page' };

/**
 * The record id a cursor of a list paged by id carries (`encodeCursor({ id })`); null when it carries none. A
 * cursor is client input: decoded, it can hold any JSON, and a value that is no id made PostgreSQL fail the query.
 */
export function idOfCursor(cursor: string | undefined): string | null {
  const id = decodeCursor(cursor)?.id;
  return isUuid(id) ? id : null;
}
