import { TransformationType, type ClassConstructor } from 'class-transformer';
import {
  getMetadataStorage,
  IS_OPTIONAL,
  ValidationTypes,
  type MetadataStorage,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { builtInCheck } from './built-in-checks';
// class-transformer exports its storage only by path; its @Type metadata says which class a nested object becomes.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as typeof import('class-transformer/types/storage');

/*
 * A fast path for validateContract, compiled once per class from the same decorator metadata that
 * plainToInstance and validateSync read on every call. It rebuilds the instance the way class-transformer 0.5.1
 * does and checks it the way class-validator 0.15.1's ValidationExecutor does (whitelist, forbidNonWhitelisted
 * unless unknown fields are allowed, forbidUnknownValues), for a subset of what those libraries support. It
 * answers an instance only when validateSync would accept; whenever it is unsure (invalid input, or input or
 * metadata outside the subset) it answers undefined and the caller runs the libraries themselves, which also
 * produce the error messages.
 */

type ValidationMetadata = ReturnType<MetadataStorage['getTargetValidationMetadatas']>[number];
type Constructor = abstract new (...args: never[]) => object;
type Condition = (object: object, value: unknown) => unknown;
type Bag = Record<string, unknown>;
type TransformFn = (params: { value: unknown; key: string; obj: Bag; type: TransformationType; options: object }) => unknown;

/** How plainToInstance turns a property's plain value into the instance's value. */
type Conversion =
  | { kind: 'copy' }
  | { kind: 'primitive'; to: (value: unknown) => unknown }
  | { kind: 'class'; cls: Constructor; plan?: ClassPlan }
  | { kind: 'unsupported'; reason: string };

interface Check {
  metadata: ValidationMetadata;
  validators: ValidatorConstraintInterface[];
  /** A built-in constraint's own predicate (built-in-checks.ts), asked instead of its validate(). */
  fast?: (value: unknown) => boolean;
}

interface PropertyPlan {
  name: string;
  /** Its only condition is @IsOptional, which is inlined: it reads the value just read, so it sees the same. */
  optional: boolean;
  conditions: Condition[];
  /** IS_DEFINED checks first, then the custom ones, as ValidationExecutor runs them. */
  checks: Check[];
  nested: boolean;
  conversion: Conversion;
  /** A value that is not an object is kept as it is (no @Type, or a class @Type): the common case, done inline. */
  passThrough: boolean;
  /** False when @Type's reflected type would turn an array into something other than a plain array. */
  arraysAllowed: boolean;
  /** Its @Transform functions for plain-to-class, applied in order to the converted value, as there. */
  transforms: TransformFn[];
}

interface ClassPlan {
  cls: Constructor;
  /** `cls.name`, read once: Function.prototype.name is a slow getter. */
  targetName: string;
  /** Why the class is outside the subset; the fast path never answers for it. */
  reason?: string;
  /** No validation metadata at all: forbidUnknownValues rejects every instance. */
  empty: boolean;
  properties: PropertyPlan[];
  byName: Map<string, PropertyPlan>;
}

/** Thrown inside the fast path when it cannot tell; caught at its entry, where it becomes `undefined`. */
const UNSURE = Symbol('unsure');
const COPY: Conversion = { kind: 'copy' };
/**
 * The options plainToInstance hands a @Transform function when called without any: class-transformer's own
 * defaults, frozen, so that a function writing to them throws and leaves the call to the slow path.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const TRANSFORM_OPTIONS = Object.freeze({ ...(require('class-transformer/cjs/constants/default-options.constant') as { defaultOptions: object }).defaultOptions });
const plans = new WeakMap<Constructor, ClassPlan>();
const compiled = new WeakMap<Constructor, { strict?: (plain: unknown) => unknown; lenient?: (plain: unknown) => unknown }>();

/** Compiles, once per class and option, a validator answering the instance validateSync accepts, else undefined. */
export function compileContract<T extends object>(
  cls: ClassConstructor<T>,
  options: { allowUnknown?: boolean } = {},
): (plain: unknown) => T | undefined {
  const allowUnknown = !!options.allowUnknown;
  let entry = compiled.get(cls);
  if (!entry) compiled.set(cls, (entry = {}));
  const slot = allowUnknown ? 'lenient' : 'strict';
  const validator = (entry[slot] ??= makeValidator(cls, allowUnknown));
  return validator as (plain: unknown) => T | undefined;
}

/** Why the fast path never answers for `cls` or a class nested in it through @Type; undefined when it can. */
export function fastPathGap(cls: ClassConstructor<object>): string | undefined {
  const seen = new Set<Constructor>();
  const visit = (current: Constructor): string | undefined => {
    if (seen.has(current)) return undefined;
    seen.add(current);
    const plan = planOf(current);
    if (plan.reason !== undefined) return `${current.name}: ${plan.reason}`;
    for (const property of plan.properties) {
      const { conversion } = property;
      if (conversion.kind === 'unsupported') return `${current.name}.${property.name}: ${conversion.reason}`;
      const gap = conversion.kind === 'class' ? visit(conversion.cls) : undefined;
      if (gap !== undefined) return gap;
    }
    return undefined;
  };
  return visit(cls);
}

function makeValidator(cls: Constructor, allowUnknown: boolean): (plain: unknown) => unknown {
  const plan = planOf(cls);
  if (plan.reason !== undefined) return () => undefined;
  const conversion: Conversion = { kind: 'class', cls, plan };
  return (plain) => {
    if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) return undefined;
    try {
      const instance = convert(plain, conversion, allowUnknown) as Bag;
      return execute(instance, plan, allowUnknown) ? instance : undefined;
    } catch {
      // UNSURE, or anything the libraries would also have thrown on: the slow path decides.
      return undefined;
    }
  };
}

// ---------------------------------------------------------------------------------------------------------
// Compiling: the metadata is read here once, never per call.

function planOf(cls: Constructor): ClassPlan {
  let plan = plans.get(cls);
  if (!plan) {
    plan = { cls, targetName: '', empty: false, properties: [], byName: new Map() };
    try {
      plan.reason = fill(plan);
    } catch (error) {
      plan.reason = `reading its metadata threw ${String(error)}`;
    }
    plans.set(cls, plan);
  }
  return plan;
}

/** Fills the plan of a class from its metadata; answers why the class is outside the subset, if it is. */
function fill(plan: ClassPlan): string | undefined {
  const { cls } = plan;
  const prototype = (cls as { prototype?: unknown }).prototype;
  if (typeof prototype !== 'object' || prototype === null) return 'it is not a class';
  if ((prototype as { constructor?: unknown }).constructor !== cls) return 'its prototype names another constructor';
  plan.targetName = cls.name;
  if (
    defaultMetadataStorage.getStrategy(cls) !== 'none' ||
    defaultMetadataStorage.getExposedMetadatas(cls).length > 0 ||
    defaultMetadataStorage.getExcludedMetadatas(cls).length > 0
  ) {
    return 'it has @Expose or @Exclude metadata';
  }

  const metadatas = getMetadataStorage().getTargetValidationMetadatas(cls, '', false, false, undefined);
  plan.empty = metadatas.length === 0;
  // Grouped exactly as ValidationExecutor groups them, so that properties are checked in the same order.
  const grouped: Record<string, ValidationMetadata[]> = {};
  for (const metadata of metadatas) {
    if (metadata.propertyName in prototype) return `${metadata.propertyName} is on the prototype (an accessor or method)`;
    (grouped[metadata.propertyName] ??= []).push(metadata);
  }

  for (const name of Object.keys(grouped)) {
    // Without groups in the call, class-transformer applies every @Transform that names no groups.
    const transforms = defaultMetadataStorage
      .findTransformMetadatas(cls, name, TransformationType.PLAIN_TO_CLASS)
      .filter((metadata) => !metadata.options?.groups?.length)
      .map((metadata) => metadata.transformFn as TransformFn);
    const type = defaultMetadataStorage.findTypeMetadata(cls, name);
    const reflected: unknown = type?.reflectedType;
    const conversion = type ? conversionOf(type) : COPY;
    const property: PropertyPlan = {
      name,
      optional: false,
      conditions: [],
      checks: [],
      nested: false,
      conversion,
      passThrough: transforms.length === 0 && (conversion.kind === 'copy' || conversion.kind === 'class'),
      arraysAllowed: reflected === undefined || reflected === Array || reflected === Object,
      transforms,
    };
    const custom: Check[] = [];
    for (const metadata of grouped[name]) {
      if ((metadata.groups && metadata.groups.length > 0) || metadata.always) return `${name} uses validation groups or always`;
      switch (metadata.type) {
        case ValidationTypes.CONDITIONAL_VALIDATION: {
          const condition: unknown = metadata.constraints?.[0];
          if (typeof condition !== 'function') return `${name} has a conditional validation without a condition`;
          property.conditions.push(condition as Condition);
          break;
        }
        case ValidationTypes.IS_DEFINED:
        case ValidationTypes.CUSTOM_VALIDATION: {
          const validators: ValidatorConstraintInterface[] = [];
          for (const constraint of getMetadataStorage().getTargetValidatorConstraints(metadata.constraintCls)) {
            if (constraint.async) return `${name} has an async constraint`;
            // The instance comes from class-validator's container, which keeps one per constraint class.
            const instance = constraint.instance;
            if (typeof instance?.validate !== 'function') return `${name} has a constraint without validate()`;
            validators.push(instance);
          }
          // One of class-validator's own constraints, on a single value, is asked by a predicate of the value alone.
          const fast = !metadata.each && validators.length === 1 ? builtInCheck(metadata.name, metadata.constraints ?? [], validators[0]) : undefined;
          (metadata.type === ValidationTypes.IS_DEFINED ? property.checks : custom).push({ metadata, validators, fast });
          break;
        }
        case ValidationTypes.NESTED_VALIDATION:
          property.nested = true;
          break;
        case ValidationTypes.WHITELIST:
          break;
        default:
          return `${name} has ${metadata.type} metadata`;
      }
    }
    property.checks.push(...custom);
    const onlyCondition = grouped[name].filter((metadata) => metadata.type === ValidationTypes.CONDITIONAL_VALIDATION);
    property.optional = onlyCondition.length === 1 && onlyCondition[0].name === IS_OPTIONAL;
    plan.properties.push(property);
    plan.byName.set(name, property);
  }
  return undefined;
}

function conversionOf(type: NonNullable<ReturnType<typeof defaultMetadataStorage.findTypeMetadata>>): Conversion {
  if (type.options?.discriminator) return { kind: 'unsupported', reason: '@Type has a discriminator' };
  if (type.reflectedType === Map) return { kind: 'unsupported', reason: 'it is a Map' };
  // A type function that reads its options could answer a different class per object.
  if (type.typeFunction && type.typeFunction.length > 0) return { kind: 'unsupported', reason: '@Type reads its options' };
  const target: unknown = type.typeFunction ? type.typeFunction() : type.reflectedType;
  if (target === String || target === Number || target === Boolean) return { kind: 'primitive', to: target as (value: unknown) => unknown };
  if (typeof target !== 'function' || Function.prototype.toString.call(target).includes('[native code]')) {
    return { kind: 'unsupported', reason: `@Type is ${String((target as { name?: unknown } | undefined)?.name ?? target)}` };
  }
  return { kind: 'class', cls: target as Constructor };
}

// ---------------------------------------------------------------------------------------------------------
// Building the instance as class-transformer's TransformOperationExecutor does for PLAIN_TO_CLASS.

function convert(value: unknown, conversion: Conversion, allowUnknown: boolean): unknown {
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) throw UNSURE;
    const array: unknown[] = [];
    for (let index = 0; index < value.length; index++) {
      // forEach skips holes, so the copy is shorter, as there.
      if (!(index in value)) continue;
      array.push(convert(value[index], conversion, allowUnknown));
    }
    return array;
  }
  if (conversion.kind === 'unsupported') throw UNSURE;
  if (typeof value !== 'object' || value === null) {
    if (conversion.kind !== 'primitive' || value === undefined || value === null) return value;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return conversion.to(value);
    throw UNSURE;
  }
  // Dates, Maps, Sets, Buffers, promises and class instances each take another road through class-transformer.
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) throw UNSURE;
  if (typeof (value as Bag).then === 'function') throw UNSURE;
  if (conversion.kind === 'class') return build((conversion.plan ??= planOf(conversion.cls)), value as Bag, allowUnknown);
  if (conversion.kind === 'copy') return copy(value as Bag, prototype);
  throw UNSURE;
}

/** A typed object: `new cls()`, then every own key of the plain object, converted. */
function build(plan: ClassPlan, plain: Bag, allowUnknown: boolean): Bag {
  if (plan.reason !== undefined) throw UNSURE;
  const instance = new (plan.cls as new () => Bag)();
  for (const key of Object.keys(plain)) {
    if (key === '__proto__' || key === 'constructor') continue;
    const property = plan.byName.get(key);
    if (property) {
      // Compiling made sure the key is not on the prototype chain; a function-valued field is kept, as there.
      // `instanceof` is asked only of a value that is there: asked of undefined it took ~0.3 µs, most of a build.
      const existing = instance[key];
      if (existing !== undefined && existing instanceof Function) continue;
      const value = plain[key];
      if ((typeof value !== 'object' || value === null) && property.passThrough) {
        instance[key] = value;
        continue;
      }
      if (Array.isArray(value) && !property.arraysAllowed) throw UNSURE;
      let converted = convert(value, property.conversion, allowUnknown);
      for (const transform of property.transforms) {
        converted = transform({ value: converted, key, obj: plain, type: TransformationType.PLAIN_TO_CLASS, options: TRANSFORM_OPTIONS });
      }
      instance[key] = converted;
      continue;
    }
    // An unknown key: an error when unknown fields are forbidden, else copied and then removed by the whitelist.
    if (!allowUnknown) throw UNSURE;
    if (key in instance) {
      const descriptor = Object.getOwnPropertyDescriptor(plan.cls.prototype, key);
      if ((descriptor && !descriptor.set) || instance[key] instanceof Function) continue;
      if (!Object.prototype.hasOwnProperty.call(instance, key)) throw UNSURE;
    }
    if (
      defaultMetadataStorage.findTypeMetadata(plan.cls, key) ||
      defaultMetadataStorage.findTransformMetadatas(plan.cls, key, TransformationType.PLAIN_TO_CLASS).length > 0
    ) {
      throw UNSURE;
    }
    instance[key] = convert(plain[key], COPY, allowUnknown);
  }
  return instance;
}

/** An untyped object: class-transformer copies it deeply into a new `{}`. */
function copy(plain: Bag, prototype: unknown): Bag {
  // An own `constructor` key would make class-transformer construct that instead.
  if (plain.constructor !== (prototype === null ? undefined : Object)) throw UNSURE;
  const result: Bag = {};
  for (const key of Object.keys(plain)) {
    if (key === '__proto__' || key === 'constructor') continue;
    if (key in result) {
      // Keys that {} inherits as methods (toString, valueOf...) are left out.
      const descriptor = Object.getOwnPropertyDescriptor(Object.prototype, key);
      if ((descriptor && !descriptor.set) || result[key] instanceof Function) continue;
      throw UNSURE;
    }
    result[key] = convert(plain[key], COPY, false);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------
// Checking the instance as class-validator's ValidationExecutor does; any constraint error means "not valid".

function execute(object: Bag, plan: ClassPlan, allowUnknown: boolean): boolean {
  if (plan.reason !== undefined || plan.empty) return false;
  // for...in also visits inherited enumerable keys, which only makes it decline (or delete nothing) more often.
  for (const key in object) {
    if (plan.byName.has(key)) continue;
    if (!allowUnknown) return false;
    delete object[key];
  }
  const constructor = object.constructor as Constructor | undefined;
  // ValidationExecutor passes undefined for an object without a constructor, whatever the type says.
  const targetName = (constructor === plan.cls ? plan.targetName : constructor ? constructor.name : undefined) as string;
  for (const property of plan.properties) {
    const value = object[property.name];
    if (property.optional) {
      if (value === null || value === undefined) continue;
    } else {
      // Every condition is called, as there, even after one said no.
      let canValidate: unknown = true;
      for (const condition of property.conditions) {
        const answer = condition(object, value);
        canValidate = canValidate && answer;
      }
      if (!canValidate) continue;
    }
    for (const check of property.checks) if (!passes(check, object, value, targetName)) return false;
    if (property.nested && value !== undefined && !validNested(value, property, allowUnknown)) return false;
  }
  return true;
}

function passes(check: Check, object: Bag, value: unknown, targetName: string): boolean {
  const { metadata } = check;
  if (metadata.validateIf && !metadata.validateIf(object, value)) return true;
  if (check.fast) return check.fast(value);
  for (const validator of check.validators) {
    const args: ValidationArguments = { targetName, property: metadata.propertyName, object, value, constraints: metadata.constraints };
    if (!metadata.each || !(Array.isArray(value) || value instanceof Set || value instanceof Map)) {
      if (!accepted(validator.validate(value, args))) return false;
      continue;
    }
    if (!Array.isArray(value)) return false;
    for (let index = 0; index < value.length; index++) {
      if (index in value && !accepted(validator.validate(value[index], args))) return false;
    }
  }
  return true;
}

/** A promise is not an answer: validateSync does not wait for it. */
function accepted(result: unknown): boolean {
  return !!result && !(typeof result === 'object' && typeof (result as Bag).then === 'function');
}

function validNested(value: unknown, property: PropertyPlan, allowUnknown: boolean): boolean {
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      if (!(index in value)) continue;
      const item: unknown = value[index];
      if (item !== undefined && !validNested(item, property, allowUnknown)) return false;
    }
    return true;
  }
  if (value instanceof Set || value instanceof Map || !(value instanceof Object)) return false;
  // The metadata is looked up by the object's own constructor, as there; usually the class @Type built.
  const constructor: unknown = (value as Bag).constructor;
  if (typeof constructor !== 'function') return false;
  const { conversion } = property;
  const plan = conversion.kind === 'class' && conversion.cls === constructor ? (conversion.plan ??= planOf(conversion.cls)) : planOf(constructor as Constructor);
  return execute(value as Bag, plan, allowUnknown);
}
