import {
  CreateDealRequestV1,
  CreateLeadInputV1,
  EventEnvelopeSchema,
  leadCreatedV1Fixture,
  StageLeadImportRowsRequestV1,
} from '@saleswire/contracts';
import { inputRuleErrors, MAX_INPUT_DEPTH } from './input-rules';
import { validateContract } from './validate-contract';

const LEAD = { contact: { name: 'Irina Volkova', email: 'irina@northwind.example' }, source: 'website', direction: 'inbound' };
const USER = '01936f0e-8a4b-7c3d-9e2f-0000000000aa';
const ACTOR = { id: USER, role: 'manager', partnerId: null };

/** An array nested `levels` deep: [[[...]]]. */
function nested(levels: number): unknown {
  let value: unknown = [];
  for (let i = 1; i < levels; i++) value = [value];
  return value;
}

describe('inputRuleErrors', () => {
  it.each([
    ['a NUL in a value', { contact: { name: 'Iri\u0000na' } }, 'contact.name', 'contact.name must not contain NUL (\\u0000) characters'],
    ['a lone high surrogate', { title: 'x\ud800' }, 'title', 'title must be valid Unicode text (it holds an unpaired surrogate)'],
    ['a lone low surrogate in an email', { contact: { email: '\udc00a@b.example' } }, 'contact.email', 'contact.email must be valid Unicode text (it holds an unpaired surrogate)'],
    ['an infinite number', { expectedAmount: Infinity }, 'expectedAmount', 'expectedAmount must be a finite number'],
    ['a negative infinite number in a list', { team: [{ weight: -Infinity }] }, 'team.0.weight', 'team.0.weight must be a finite number'],
    ['NaN', { expectedAmount: NaN }, 'expectedAmount', 'expectedAmount must be a finite number'],
    ['a NUL in a field name', { 'ti\u0000tle': 'x' }, 'ti\\u0000tle', 'property ti\\u0000tle should not exist'],
    ['a lone surrogate in a nested field name', { contact: { '\ud800': 1 } }, 'contact.\\ud800', 'property \\ud800 should not exist'],
    ['a constructor field', JSON.parse('{"constructor":{"name":"x"}}') as object, 'constructor', 'property constructor should not exist'],
    ['a __proto__ field', JSON.parse('{"contact":{"__proto__":{"polluted":true}}}') as object, 'contact.__proto__', 'property __proto__ should not exist'],
    ['a NUL as the whole value', '\u0000', '', 'the value must not contain NUL (\\u0000) characters'],
  ])('should name the field when the input holds %s', (_case, plain, field, message) => {
    expect(inputRuleErrors(plain)).toEqual([{ field, message }]);
  });

  it.each([
    ['text with every kind of character', { name: 'Ирина 🙂 \t\n "quoted" \\ é' }],
    ['a well-formed surrogate pair', { name: '\ud83d\ude42' }],
    ['large and small finite numbers', { a: Number.MAX_VALUE, b: -Number.MIN_VALUE, c: 0, d: -0 }],
    ['null, booleans and empty containers', { a: null, b: true, c: [], d: {} }],
    [`${MAX_INPUT_DEPTH} levels of nesting`, nested(MAX_INPUT_DEPTH)],
    ['a field named like an Object method', { toString: 'x', valueOf: 1, hasOwnProperty: true }],
  ])('should find nothing when the input holds %s', (_case, plain) => {
    expect(inputRuleErrors(plain)).toEqual([]);
  });

  it('should refuse nesting one level deeper than the limit, at the level it starts', () => {
    expect(inputRuleErrors({ a: nested(MAX_INPUT_DEPTH) })).toEqual([
      { field: `a${'.0'.repeat(MAX_INPUT_DEPTH - 1)}`, message: `a${'.0'.repeat(MAX_INPUT_DEPTH - 1)} nests deeper than ${MAX_INPUT_DEPTH} levels of objects and arrays` },
    ]);
  });

  it('should not overflow the stack when the input is nested 100,000 deep', () => {
    expect(inputRuleErrors(nested(100_000))).toHaveLength(1);
  });

  it('should report at most 50 errors when every element of a long list is bad', () => {
    expect(inputRuleErrors(Array.from({ length: 10_000 }, () => '\u0000'))).toHaveLength(50);
  });

  it("should leave an import's rows to the job when the slice is checked", () => {
    const slice = { actor: ACTOR, jobId: USER, firstRow: 1, rows: [{ contact: { name: '\u0000' } }, { amount: Infinity }] };
    expect(inputRuleErrors(slice, StageLeadImportRowsRequestV1)).toEqual([]);
    expect(inputRuleErrors({ ...slice, actor: { ...ACTOR, id: '\u0000' } }, StageLeadImportRowsRequestV1)).toEqual([
      { field: 'actor.id', message: 'actor.id must not contain NUL (\\u0000) characters' },
    ]);
  });

  it("should leave an event's payload to its own class when the envelope is checked", () => {
    const envelope = { ...leadCreatedV1Fixture, payload: { ...leadCreatedV1Fixture.payload, contact: { name: '\u0000' } } };
    expect(inputRuleErrors(envelope, EventEnvelopeSchema)).toEqual([]);
  });
});

describe('validateContract with the input rules', () => {
  it.each([
    ['contact.name', 'a NUL', { ...LEAD, contact: { name: 'a\u0000b' } }],
    ['contact.email', 'a lone surrogate (validator.js would throw URIError)', { ...LEAD, contact: { name: 'A', email: 'a\ud800@b.example' } }],
    ['title', 'a lone surrogate', { ...LEAD, title: '\udfff' }],
    ['expectedAmount', 'an infinite number', { ...LEAD, expectedAmount: Infinity, currency: 'EUR' }],
    ['constructor', 'a constructor field', { ...LEAD, ...(JSON.parse('{"constructor":1}') as object) }],
  ])('should refuse %s when it holds %s', (field, _case, plain) => {
    const result = validateContract(CreateLeadInputV1, plain);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((error) => error.field)).toEqual([field]);
  });

  it('should name the path inside a list of nested classes when a team member holds a NUL', () => {
    const request = {
      actor: ACTOR,
      input: { title: 'T', customerId: USER, amount: 1, currency: 'EUR', type: 'project', channel: 'direct', team: [{ userId: USER, role: 'eng\u0000' }] },
    };
    expect(validateContract(CreateDealRequestV1, request)).toEqual({
      ok: false,
      errors: [{ field: 'input.team.0.role', message: 'input.team.0.role must not contain NUL (\\u0000) characters' }],
    });
  });

  it("should answer an import's rows as they came, unread, when a row holds what class-transformer trips over", () => {
    const rows = [JSON.parse('{"constructor":2,"contact":{"name":"A"}}') as object, { amount: Infinity }, 'garbage', null];
    const result = validateContract(StageLeadImportRowsRequestV1, { actor: ACTOR, jobId: USER, firstRow: 1, rows });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.rows).toBe(rows);
  });

  it("should still judge the shape of an import's rows when they are carried", () => {
    const result = validateContract(StageLeadImportRowsRequestV1, { actor: ACTOR, jobId: USER, firstRow: 1, rows: { 0: {} } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toContainEqual({ field: 'rows', message: 'rows must be an array' });
  });

  it('should accept the same input when it is clean', () => {
    expect(validateContract(CreateLeadInputV1, LEAD).ok).toBe(true);
  });
});
