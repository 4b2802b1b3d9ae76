import { encodeNonFiniteNumbers, mayHoldNonFiniteNumbers, reviveNonFiniteNumber } from './lead-import.values';

/** What the job gets: the row as JSON text (NATS, then the slice's column), parsed back. */
const overTheWire = (row: unknown): unknown => {
  const text = JSON.stringify(encodeNonFiniteNumbers(row));
  return JSON.parse(text, mayHoldNonFiniteNumbers(text) ? reviveNonFiniteNumber : undefined);
};

describe('non-finite numbers in import rows', () => {
  it.each([
    ['Infinity in a field', { contact: { name: 'A' }, expectedAmount: Infinity }],
    ['-Infinity in a nested field', { contact: { name: 'A', phone: -Infinity } }],
    ['NaN in a list', { tags: [1, NaN, 3] }],
    ['Infinity as the whole row', Infinity],
  ])('should bring back %s when the row has crossed JSON', (_case, row) => {
    expect(overTheWire(row)).toEqual(row);
  });

  it('should answer the same row, not a copy, when every number is finite', () => {
    const row = { contact: { name: 'A' }, expectedAmount: 10.5, list: [1, 2] };
    expect(encodeNonFiniteNumbers(row)).toBe(row);
  });

  it('should keep a __proto__ field an own field when it copies the row', () => {
    const row = JSON.parse('{"__proto__":{"x":1},"amount":1}') as Record<string, unknown>;
    row.amount = Infinity;
    const encoded = encodeNonFiniteNumbers(row) as Record<string, unknown>;
    expect(Object.getPrototypeOf(encoded)).toBe(Object.prototype);
    expect(Object.keys(encoded)).toEqual(['__proto__', 'amount']);
  });

  it.each([
    ['an object with another key too', { $nonFiniteNumber: 'Infinity', other: 1 }],
    ['an unknown spelling', { $nonFiniteNumber: 'infinite' }],
  ])('should leave %s as it is when it is revived', (_case, value) => {
    expect(JSON.parse(JSON.stringify(value), reviveNonFiniteNumber)).toEqual(value);
  });
});
