import type { QueryRunner } from 'typeorm';

/**
 * Text search's one normal form (issue 16): lower case, `ё` as `е`, in SQL and in TypeScript alike, so a
 * trigram index on a column stored as `searchTextSql(...)` answers a pattern made by `searchText(q)`.
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

/** A term shorter than this holds no trigram inside it: `%ol%` is answered only by reading the whole trigram index. */
export const MIN_TRIGRAM_TERM = 3;

/**
 * A regular expression (for `~`) finding a word that starts with `term` in the normal form, for a term too short to
 * be searched anywhere (`MIN_TRIGRAM_TERM`): at the start of the text, after a space, or after an opening quote or
 * bracket (`ООО «Олимп»`). pg_trgm reads the explicit boundary as the start of a word, so `(^|[ «"(])ol` carries the
 * trigrams `"  o"` and `" ol"` and is answered from a trigram index, where `%ol%` carries none and `\mol` or a
 * negated class is not understood. One expression, not a `LIKE` per boundary: each `LIKE` is one more scan of the
 * index (and of its pending list), and the planner estimates an `OR` of them poorly.
 */
export function wordStartPattern(term: string): string {
  const word = searchText(term.trim()).replace(/[\\^$.|?*+()[\]{}]/g, (c) => `\\${c}`);
  return `(^|[ «"(])${word}`;
}

/**
 * `expression` in the normal form, in SQL: for a stored generated column (`GENERATED ALWAYS AS (...) STORED`) that a
 * trigram index is built on. Stored rather than computed per row at query time: a plan that filters rows (a walk
 * of the primary key until a page is full, a bitmap recheck) would otherwise fold every row it reads.
 */
export function searchTextSql(expression: string): string {
  return `lower(translate(${expression}, '${UPPER}', '${LOWER}'))`;
}

/**
 * Creates `pg_trgm` in `public`, so that dropping a test's schema never drops the extension under another
 * schema's indexes, and answers the schema it is in (quoted), for naming its operator classes
 * (`${schema}.gin_trgm_ops`): a database where someone created it elsewhere keeps it there. Safe to run from
 * several schemas at once.
 */
export async function ensureTrigramExtension(queryRunner: QueryRunner): Promise<string> {
  await queryRunner.query(`
    DO $$ BEGIN
      CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
    EXCEPTION WHEN unique_violation OR duplicate_object THEN NULL;
    END $$`);
  const [{ schema }] = (await queryRunner.query(
    `SELECT quote_ident(n.nspname) AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'`,
  )) as Array<{ schema: string }>;
  return schema;
}
