import { IsISO8601, Matches, type ValidationOptions } from 'class-validator';

/**
 * The ISO 8601 forms a request may use for a date or a time: `YYYY-MM-DD`, optionally followed by `THH:MM`,
 * seconds, a fraction and a zone (`Z`, `±HH:MM` or `±HHMM`). `@IsISO8601` alone also takes week dates
 * (`2026-W01`), ordinal dates (`2026-032`), years and months alone, signed years and zones of hours only, which
 * PostgreSQL or JavaScript's Date cannot read: a query failed, or `new Date()` gave Invalid Date, and the
 * client got a 500.
 */
export const ISO_DATE_TIME_FORM = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})?)?$/;

/**
 * A real calendar date, or date and time, in one of the forms of ISO_DATE_TIME_FORM: strict `@IsISO8601` (no
 * `2026-02-30`) and the form, each with its own message.
 */
export function IsIsoDateTime(options?: ValidationOptions): PropertyDecorator {
  return (target, key) => {
    IsISO8601({ strict: true }, options)(target, key as string);
    Matches(ISO_DATE_TIME_FORM, {
      message: ({ property }) => `${property} must be written YYYY-MM-DD, optionally with THH:MM[:SS[.fff]] and a zone (Z or ±HH:MM)`,
      ...options,
    })(target, key as string);
  };
}
