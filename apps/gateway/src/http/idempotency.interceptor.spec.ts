import { canonicalJson } from './idempotency.interceptor';

describe('canonicalJson', () => {
  it('should give the same text for the same body in another key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, { e: 3, f: 2 }] }, b: 1 }),
    );
  });

  it.each([
    [{ a: 1 }, { a: 2 }],
    [{ a: [1, 2] }, { a: [2, 1] }],
    [{ a: null }, {}],
  ])('should tell %j from %j', (left, right) => {
    expect(canonicalJson(left)).not.toBe(canonicalJson(right));
  });
});
