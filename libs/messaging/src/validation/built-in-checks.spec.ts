import * as contracts from '@saleswire/contracts';
import { getMetadataStorage, IsEmail, isEmail, IsISO8601, IsString, isISO8601, isUUID, IsUUID, ValidateBy, type ValidatorConstraintInterface } from 'class-validator';
import { BUILT_IN_CHECK_NAMES, builtInCheck } from './built-in-checks';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as typeof import('class-transformer/types/storage');

type Cls = abstract new () => object;

/** Every event payload and envelope and every rpc request of the catalogue, and each class nested in them by @Type. */
function contractClasses(): Cls[] {
  const roots: unknown[] = [contracts.EventEnvelopeSchema, ...contracts.EVENT_CATALOGUE.map(({ contract }) => contract.payload)];
  for (const value of Object.values(contracts) as unknown[]) {
    if (typeof value === 'object' && value !== null && 'request' in value && String((value as { subject?: unknown }).subject).startsWith('rpc.')) {
      roots.push((value as contracts.RpcContract).request);
    }
  }
  const found = new Set<Cls>();
  const visit = (cls: Cls): void => {
    if (found.has(cls)) return;
    found.add(cls);
    for (const metadata of getMetadataStorage().getTargetValidationMetadatas(cls, '', false, false, undefined)) {
      const nested: unknown = defaultMetadataStorage.findTypeMetadata(cls, metadata.propertyName)?.typeFunction?.();
      if (typeof nested === 'function' && nested !== String && nested !== Number && nested !== Boolean) visit(nested as Cls);
    }
  };
  for (const root of roots) visit(root as Cls);
  return [...found];
}

type Metadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];

/** The one constraint a class's `value` property carries, as the compiled validator sees it. */
function constraintOf(cls: abstract new () => object): { metadata: Metadata; validator: ValidatorConstraintInterface } {
  const [metadata] = getMetadataStorage().getTargetValidationMetadatas(cls, '', false, false, undefined);
  const [constraint] = getMetadataStorage().getTargetValidatorConstraints(metadata.constraintCls);
  return { metadata, validator: constraint.instance as ValidatorConstraintInterface };
}

const predicateOf = (cls: abstract new () => object) => {
  const { metadata, validator } = constraintOf(cls);
  return builtInCheck(metadata.name, metadata.constraints ?? [], validator);
};

class StrictTimestamp {
  @IsISO8601({ strict: true })
  value!: string;
}

class AnyUuid {
  @IsUUID()
  value!: string;
}

class AnyEmail {
  @IsEmail()
  value!: string;
}

class AnyText {
  @IsString()
  value!: string;
}

/** A decorator of the project's own that carries a built-in's name and checks something else. */
class ShoutedText {
  @ValidateBy({ name: 'isString', validator: { validate: (value: unknown) => typeof value === 'string' && value === value.toUpperCase() } })
  value!: string;
}

/** A deterministic generator, so that a failure names its seed and comes again. */
function random(seed: number): () => number {
  let state = seed;
  return () => ((state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
}

/** The predicate answers every text as the library does, and both answers occur often, so that agreeing says something. */
function expectSameAnswers(check: (value: unknown) => boolean, library: (text: string) => boolean, texts: readonly string[]): void {
  expect(texts.filter((text) => check(text) !== library(text))).toEqual([]);
  expect(texts.filter((text) => check(text)).length).toBeGreaterThan(1000);
  expect(texts.filter((text) => !check(text)).length).toBeGreaterThan(1000);
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Timestamps in and around the platform's form: real and impossible dates, every field at and past its edge. */
function timestamps(count: number, seed: number): string[] {
  const next = random(seed);
  const pick = (limit: number): number => Math.floor(next() * limit);
  const texts: string[] = [];
  for (let index = 0; index < count; index++) {
    const year = [pick(10_000), 1000 + pick(1100), 1900 + pick(200), 2000, 2100, 2024, 2023][pick(7)];
    const month = pick(14);
    const day = pick(33);
    const fraction = ['', '.', `.${pad(pick(1000), 3)}`, `.${pick(10)}`, `.${pad(pick(1_000_000), 6)}`, '.1a'][pick(6)];
    const zone = ['Z', 'Z', 'Z', '+02:00', 'z', ''][pick(6)];
    const separator = ['T', 'T', 'T', ' ', 't'][pick(5)];
    texts.push(`${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}${separator}${pad(pick(26), 2)}:${pad(pick(62), 2)}:${pad(pick(62), 2)}${fraction}${zone}`);
  }
  return texts;
}

describe('builtInCheck', () => {
  it('should answer a strict ISO 8601 check as validator.js does for 20,000 timestamps around the platform\'s form', () => {
    const check = predicateOf(StrictTimestamp);
    expect(check).toBeDefined();
    const texts = [...timestamps(20_000, 7), '2024-02-29T10:00:00Z', '2023-02-29T10:00:00Z', '2000-02-29T00:00:00.000Z', '1900-02-29T00:00:00.000Z', '2026-04-31T00:00:00Z', '2026-12-31T23:59:59.999Z'];
    expectSameAnswers(check!, (text) => isISO8601(text, { strict: true }), texts);
  });

  it('should answer a UUID check as class-validator does for UUIDs of every version and near misses', () => {
    const check = predicateOf(AnyUuid);
    expect(check).toBeDefined();
    const next = random(11);
    const hex = '0123456789abcdefABCDEFg-';
    const texts: string[] = [];
    for (let index = 0; index < 20_000; index++) {
      const base = [...crypto.randomUUID()];
      // A version and a variant of every kind, and sometimes one character of any kind anywhere.
      base[14] = hex[Math.floor(next() * 16)];
      base[19] = hex[Math.floor(next() * 22)];
      if (next() < 0.3) base[Math.floor(next() * 36)] = hex[Math.floor(next() * hex.length)];
      const text = base.join('');
      texts.push(next() < 0.2 ? text.toUpperCase() : text);
    }
    texts.push('00000000-0000-0000-0000-000000000000', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF', '', `${crypto.randomUUID()}\n`);
    expectSameAnswers(check!, (text) => isUUID(text), texts);
  });

  it('should answer an e-mail check as validator.js does for 20,000 addresses in and around the plain shape', () => {
    const check = predicateOf(AnyEmail);
    expect(check).toBeDefined();
    const next = random(13);
    const pick = <T>(options: readonly T[]): T => options[Math.floor(next() * options.length)];
    const word = (letters: string, length: number): string => Array.from({ length }, () => pick([...letters])).join('');
    const plain = 'abcxyzABZ0189%+_-';
    const odd = '.@"!#é_ -';
    const texts: string[] = [];
    for (let index = 0; index < 20_000; index++) {
      const local = Array.from({ length: 1 + Math.floor(next() * 3) }, () => word(next() < 0.9 ? plain : plain + odd, Math.floor(next() * 30))).join('.');
      const labels = Array.from({ length: 1 + Math.floor(next() * 3) }, () => word(next() < 0.9 ? 'abz09-' : 'abz09-_.é ', Math.floor(next() * (next() < 0.1 ? 70 : 12))));
      const tld = pick(['com', 'example', 'c', 'co', '123', 'xn--p1ai', 'рф', `c${'o'.repeat(Math.floor(next() * 70))}`]);
      texts.push(`${next() < 0.05 ? 'a'.repeat(60) : ''}${local}@${[...labels, tld].join('.')}`);
    }
    texts.push(`${'a'.repeat(64)}@example.com`, `${'a'.repeat(65)}@example.com`, `a@${'l'.repeat(63)}.com`, `a@${'l'.repeat(64)}.com`, `${'a'.repeat(64)}@${'l'.repeat(63)}.${'l'.repeat(63)}.${'l'.repeat(57)}.com`, `${'a'.repeat(64)}@${'l'.repeat(63)}.${'l'.repeat(63)}.${'l'.repeat(58)}.com`);
    expectSameAnswers(check!, (text) => isEmail(text), texts);
  });

  it('should answer a string check as class-validator does, for a String object too', () => {
    const check = predicateOf(AnyText);
    expect([check!('x'), check!(new String('x')), check!(1), check!(null), check!(undefined)]).toEqual([true, true, false, false, false]);
  });

  it('should leave a constraint of the project\'s own that carries a built-in\'s name to its own validate()', () => {
    expect(constraintOf(ShoutedText).metadata.name).toBe('isString');
    expect(predicateOf(ShoutedText)).toBeUndefined();
  });

  // A predicate the probes refuse falls back to the library without a word: the answers stay right and the speed
  // goes. A new version of class-validator that checks one of these differently fails here instead.
  it('should have a predicate for every constraint of a built-in\'s name in every contract', () => {
    const classes = contractClasses();
    expect(classes.length).toBeGreaterThan(100);
    const checked: string[] = [];
    const missing: string[] = [];
    for (const cls of classes) {
      for (const metadata of getMetadataStorage().getTargetValidationMetadatas(cls, '', false, false, undefined)) {
        if (metadata.name === undefined || !BUILT_IN_CHECK_NAMES.has(metadata.name) || metadata.each) continue;
        const [constraint] = getMetadataStorage().getTargetValidatorConstraints(metadata.constraintCls);
        const label = `${cls.name}.${metadata.propertyName} ${metadata.name}`;
        (builtInCheck(metadata.name, metadata.constraints ?? [], constraint.instance as ValidatorConstraintInterface) ? checked : missing).push(label);
      }
    }
    expect(missing).toEqual([]);
    expect(checked.length).toBeGreaterThan(500);
  });

  it('should have no predicate for a name it does not know', () => {
    const { validator } = constraintOf(AnyText);
    expect(builtInCheck('isSomethingElse', [], validator)).toBeUndefined();
    expect(builtInCheck(undefined, [], validator)).toBeUndefined();
  });
});
