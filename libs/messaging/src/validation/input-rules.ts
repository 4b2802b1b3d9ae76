import { separatelyValidated, type FieldError } from '@saleswire/contracts';
import type { ClassConstructor } from 'class-transformer';
import { getMetadataStorage } from 'class-validator';
// class-transformer exports its storage only by path; its @Type metadata says which class a nested object becomes.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as typeof import('class-transformer/types/storage');

/*
 * What no input may hold, whatever its contract's decorators say. Each of these got past class-validator and
 * failed further on: PostgreSQL refuses NUL in text and lone surrogates in JSON; validator.js throws URIError on a
 * lone surrogate in an email; JSON has no Infinity, so `1e309` became null on its way to a service; and
 * class-transformer recurses once per level, so a body nested 10,000 deep overflowed the stack. Checked on the
 * plain value, before class-transformer sees it, by every validation of a contract: the gateway's ValidationPipe,
 * the services' ContractPipe and the import's validation of each row (all through `validateContract` or this).
 */

/**
 * The most levels of objects and arrays an input may nest. The deepest contract nests 4 (a request, its input, a
 * list, an element); 32 leaves room for any JSON a client means, and keeps every recursion over inputs shallow.
 * The gateway refuses deeper bodies before parsing them.
 */
export const MAX_INPUT_DEPTH = 32;

/** Errors reported at most; one bad input can hold a million bad strings. */
const MAX_ERRORS = 50;

/** Keys class-transformer silently drops, so that an unknown field of these names was accepted. */
const HIDDEN_KEYS = new Set(['__proto__', 'constructor']);

interface Plan {
  separately: ReadonlySet<string>;
  /** The class @Type gives a property's objects (each element of an array too). */
  nested: ReadonlyMap<string, ClassConstructor<object>>;
}

const plans = new WeakMap<ClassConstructor<object>, Plan>();

function planOf(cls: ClassConstructor<object>): Plan {
  let plan = plans.get(cls);
  if (!plan) {
    const nested = new Map<string, ClassConstructor<object>>();
    const properties = new Set(getMetadataStorage().getTargetValidationMetadatas(cls, '', false, false, undefined).map((m) => m.propertyName));
    for (const property of properties) {
      const type = defaultMetadataStorage.findTypeMetadata(cls, property);
      // A type function that reads its options (a discriminator) may answer another class per object: walk untyped.
      const target: unknown = type?.typeFunction && type.typeFunction.length === 0 ? type.typeFunction() : undefined;
      if (typeof target === 'function' && target !== String && target !== Number && target !== Boolean) {
        nested.set(property, target as ClassConstructor<object>);
      }
    }
    plan = { separately: separatelyValidated(cls), nested };
    plans.set(cls, plan);
  }
  return plan;
}

/** True when the text has an unpaired UTF-16 surrogate: no UTF-8 encoding, JSON or PostgreSQL text holds it. */
function hasLoneSurrogate(text: string): boolean {
  return !(text as string & { isWellFormed(): boolean }).isWellFormed();
}

/** A key as a field path shows it: escaped when it holds what the field path must not carry raw. */
function keyLabel(key: string): string {
  return key.includes('\u0000') || hasLoneSurrogate(key) ? JSON.stringify(key).slice(1, -1) : key;
}


function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain NUL (\\u0000) characters';
  if (hasLoneSurrogate(text)) return 'must be valid Unicode text (it holds an unpaired surrogate)';
  return undefined;
}

/**
 * Field errors for what no contract accepts: text with NUL characters or lone surrogates (in values and in keys),
 * numbers that are not finite, objects and arrays nested deeper than MAX_INPUT_DEPTH, and `__proto__` or
 * `constructor` keys (unknown fields class-transformer would drop silently). `cls` is the contract the value is
 * for: properties it marks `@ValidatedSeparately()` are left to their own validation. `[]` when there is none.
 */
export function inputRuleErrors(plain: unknown, cls?: ClassConstructor<object>): FieldError[] {
  const errors: FieldError[] = [];
  // The keys down to the value being walked; joined into a field path only for an error, never for a good value.
  const path: Array<string | number> = [];
  const report = (problem: string): void => {
    const field = path.join('.');
    if (errors.length < MAX_ERRORS) errors.push({ field, message: `${field || 'the value'} ${problem}` });
  };
  const walk = (value: unknown, depth: number, plan: Plan | undefined): void => {
    if (errors.length >= MAX_ERRORS) return;
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem) report(problem);
      return;
    }
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) report('must be a finite number');
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    if (depth >= MAX_INPUT_DEPTH) {
      report(`nests deeper than ${MAX_INPUT_DEPTH} levels of objects and arrays`);
      return;
    }
    if (Array.isArray(value)) {
      // An array's elements are of the class its property names, so the plan carries on to them.
      for (let index = 0; index < value.length; index++) {
        path.push(index);
        walk(value[index], depth + 1, plan);
        path.pop();
      }
      return;
    }
    for (const key of Object.keys(value)) {
      // No contract has such a field: the name is answered as an unknown field, escaped where it must be.
      if (HIDDEN_KEYS.has(key) || textProblem(key)) {
        path.push(keyLabel(key));
        if (errors.length < MAX_ERRORS) errors.push({ field: path.join('.'), message: `property ${keyLabel(key)} should not exist` });
        path.pop();
        continue;
      }
      if (plan?.separately.has(key)) continue;
      const nested = plan?.nested.get(key);
      path.push(key);
      walk((value as Record<string, unknown>)[key], depth + 1, nested ? planOf(nested) : undefined);
      path.pop();
    }
  };
  walk(plain, 0, cls ? planOf(cls) : undefined);
  return errors;
}
