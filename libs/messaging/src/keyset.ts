import { idOfCursor, INVALID_CURSOR } from '@saleswire/contracts';
import { InvalidInputError } from './problem.error';

/**
 * The id after which a list paged by id goes on: undefined on the first page, a 400 for a cursor the list did
 * not make. A cursor is client input; decoded it can hold any JSON, and an id that was no UUID failed the query
 * in PostgreSQL (a 500).
 */
export function idAfterCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const id = idOfCursor(cursor);
  if (id === null) throw new InvalidInputError([INVALID_CURSOR]);
  return id;
}
