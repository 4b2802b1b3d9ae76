import type { QueryRunner } from 'typeorm';
import { schemaOf } from './schema';

/**
 * Text search's one normal form (issue 16): lower case, `ё` as `е`, in SQL and in TypeScript alike, so an
 * index built on `search_text(column)` answers a pattern made by `searchText(q)`.
 *
 * Cyrillic is lowered by an explicit `translate` rather than by `lower()` alone: `lower()` follows the
 * database's LC_CTYPE, and a cluster initialised with the `C` locale would leave `ОЛЬГА` as it is.
 */
const UPPER = 'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯё';
const LOWER = 'абвгдеежзийклмнопрстуфхцчшщъыьэюяе';

/** The normal form of a search text or a searched column (see the module's comment). */
export function searchText(value: string): string {
  let out = '';
  for (const ch of value) {
    const at = UPPER.indexOf(ch);
    out += at >= 0 ? LOWER[at] : ch;
  }
  return out.toLowerCase();
}

/** `%` and `_` in a search term are literal characters, not patterns (with the default `\` escape). */
export function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A `LIKE` pattern finding `term` anywhere, in the normal form. */
export function containsPattern(term: string): string {
  return `%${escapeLike(searchText(term.trim()))}%`;
}

/**
 * Creates `pg_trgm` (in `public`, so that dropping a test's schema never drops the extension under another
 * schema's indexes) and the schema's `search_text(text)` function. Safe to run from several schemas at once.
 */
export async function createSearchText(queryRunner: QueryRunner): Promise<void> {
  const schema = schemaOf(queryRunner);
  await queryRunner.query(`
    DO $$ BEGIN
      CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
    EXCEPTION WHEN unique_violation OR duplicate_object THEN NULL;
    END $$`);
  await queryRunner.query(`
    CREATE OR REPLACE FUNCTION ${schema}.search_text(value text) RETURNS text
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $fn$ SELECT lower(translate(value, '${UPPER}', '${LOWER}')) $fn$`);
}

/** Drops the schema's `search_text` (the extension stays: other schemas may use it). */
export async function dropSearchText(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`DROP FUNCTION IF EXISTS ${schemaOf(queryRunner)}.search_text(text)`);
}
