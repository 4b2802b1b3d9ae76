import type { ValidationArguments, ValidatorConstraintInterface } from 'class-validator';
import { isEmail, isIn, isInt, isISO8601, isNotEmpty, isNumber, isObject, isUUID, max, maxLength, min } from 'class-validator';

type Predicate = (value: unknown) => boolean;

/** validator.js's pattern for a UUID of any version (its `isUUID(str, 'all')`), which class-validator's @IsUUID() asks. */
const ANY_UUID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$/i;

const digit = (text: string, at: number): number => {
  const code = text.charCodeAt(at) - 48;
  return code >= 0 && code <= 9 ? code : NaN;
};
const twoDigits = (text: string, at: number): number => digit(text, at) * 10 + digit(text, at + 1);

/**
 * True for `YYYY-MM-DDTHH:mm:ss[.fraction]Z` naming a real moment from the year 1000 on (the form every timestamp the
 * platform writes takes); undefined for any other text. Every such text matches validator.js's ISO 8601 pattern and
 * passes its strict check that the date exists, so `@IsISO8601({ strict: true })` accepts it; the rest the library answers.
 */
function realUtcTimestamp(text: string): true | undefined {
  const { length } = text;
  if (length < 20 || text.charCodeAt(length - 1) !== 90 /* Z */) return undefined;
  if (text[4] !== '-' || text[7] !== '-' || text[10] !== 'T' || text[13] !== ':' || text[16] !== ':') return undefined;
  if (length > 20) {
    if (text[19] !== '.' || length === 21) return undefined;
    for (let at = 20; at < length - 1; at++) if (Number.isNaN(digit(text, at))) return undefined;
  }
  const year = twoDigits(text, 0) * 100 + twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  // NaN fails every comparison below, so a non-digit anywhere leaves the answer to the library.
  // validator.js reads a year below 1000 back through Date's legacy parser (it rejects 0000): left to it.
  if (!(year >= 1000 && month >= 1 && month <= 12 && day >= 1 && twoDigits(text, 11) <= 23 && twoDigits(text, 14) <= 59 && twoDigits(text, 17) <= 59)) return undefined;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return day <= days ? true : undefined;
}

/**
 * An ASCII address of the plain shape: dot-separated words of letters, digits and `%+_-` before the `@`; labels of
 * letters, digits and inner hyphens (at most 63) after it, ending in a top-level domain of letters. With the local
 * part at most 64 characters and the whole at most 254, validator.js's `isEmail` without options accepts every one.
 */
const PLAIN_EMAIL = /^[A-Za-z0-9%+_-]+(?:\.[A-Za-z0-9%+_-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

function plainEmail(text: string): true | undefined {
  return text.length <= 254 && text.indexOf('@') <= 64 && PLAIN_EMAIL.test(text) ? true : undefined;
}

/**
 * What class-validator's own decorators of these names check, as predicates of the value alone: the same answers
 * without the arguments object each call of a constraint's validate() builds, with the type asked before
 * `instanceof` (slow on a primitive), and validator.js's UUID, strict timestamp and plain e-mail checks done directly.
 */
const BUILT_IN: Record<string, (constraints: readonly unknown[]) => Predicate> = {
  isString: () => (value) => typeof value === 'string' || value instanceof String,
  isBoolean: () => (value) => typeof value === 'boolean' || value instanceof Boolean,
  isNotEmpty: () => (value) => isNotEmpty(value),
  isInt: () => (value) => isInt(value),
  isObject: () => (value) => isObject(value),
  isNumber: ([options]) => (value) => isNumber(value, options as never),
  isIn: ([values]) => (value) => isIn(value, values as never),
  isUuid: ([version]) => (version === undefined || version === null ? (value) => typeof value === 'string' && ANY_UUID.test(value) : (value) => isUUID(value, version as never)),
  min: ([bound]) => (value) => min(value, bound as never),
  max: ([bound]) => (value) => max(value, bound as never),
  maxLength: ([bound]) => (value) => maxLength(value, bound as never),
  isEmail: ([options]) =>
    options === undefined || options === null
      ? (value) => typeof value === 'string' && (plainEmail(value) || isEmail(value))
      : (value) => isEmail(value, options as never),
  isIso8601: ([options]) => {
    const strict = (options as { strict?: boolean } | undefined)?.strict === true;
    return (value) => typeof value === 'string' && ((strict && realUtcTimestamp(value)) || isISO8601(value, options as never));
  },
};

/** The names of class-validator's constraints that have a predicate here. */
export const BUILT_IN_CHECK_NAMES: ReadonlySet<string> = new Set(Object.keys(BUILT_IN));

/** Values every constraint of a built-in's name is probed with: types, UUIDs, timestamps and addresses valid and not. */
const COMMON_PROBES: readonly unknown[] = [
  undefined, null, '', ' ', 'x', 'EUR', 0, 1, -1, 1.5, 12.345, Number.NaN, Number.POSITIVE_INFINITY, true, false, {}, [], ['x'],
  new String('x'), new Boolean(true), new Number(1), () => 'x',
  '01936f11-0000-7000-8000-0000000d0001', '01936F11-0000-7000-8000-0000000D0001', '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
  '00000000-0000-0000-0000-000000000000', '01936f11-0000-9000-8000-0000000d0001', '01936f11-0000-7000-c000-0000000d0001',
  '2026-03-01T00:00:00.000Z', '2024-02-29T23:59:59Z', '2026-02-29T10:00:00Z', '2026-04-31T10:00:00.5Z', '2026-13-01T00:00:00Z',
  '2026-03-01T24:00:00Z', '2026-03-01T10:60:00Z', '2026-03-01T10:00:00.Z', '2026-03-01', '2026-03-01T10:00:00+02:00', '0000-01-01T00:00:00Z',
  'irina.volkova@northwind.example', 'a@b.co', 'a@b.c', 'irina@northwind', 'a..b@c.com', 'x@-a.com', 'x@a_b.com', 'ирина@пример.рф',
  `${'a'.repeat(65)}@example.com`, `a@${'l'.repeat(64)}.com`, 'a@b.123', '"quoted"@example.com',
];

/**
 * Values a constraint of a built-in's name must answer as the built-in does before its predicate stands in for it: the
 * common probes, its own values, and its numbers' neighbours and strings of their length and one more.
 */
function probesFor(constraints: readonly unknown[]): unknown[] {
  const own = constraints.flatMap((constraint) => (Array.isArray(constraint) ? constraint : [constraint]));
  const numbers = own.filter((value): value is number => typeof value === 'number');
  return [
    ...COMMON_PROBES,
    ...own,
    ...numbers.flatMap((n) => [n - 1, n + 1, 'x'.repeat(Math.max(0, Math.min(n, 5_000))), 'x'.repeat(Math.max(0, Math.min(n + 1, 5_001)))]),
  ];
}

/**
 * A faster predicate for a constraint of one of class-validator's built-in decorators, or undefined. A decorator of
 * the project's own could carry a built-in's name, so the predicate stands in only when it answers every probe as
 * the constraint's own validate() does.
 */
export function builtInCheck(name: string | undefined, constraints: readonly unknown[], validator: ValidatorConstraintInterface): Predicate | undefined {
  const make = name === undefined ? undefined : BUILT_IN[name];
  if (!make) return undefined;
  const predicate = make(constraints);
  try {
    for (const probe of probesFor(constraints)) {
      const args: ValidationArguments = { targetName: '', property: '', object: {}, value: probe, constraints: constraints as unknown[] };
      if (predicate(probe) !== !!validator.validate(probe, args)) return undefined;
    }
  } catch {
    return undefined;
  }
  return predicate;
}
