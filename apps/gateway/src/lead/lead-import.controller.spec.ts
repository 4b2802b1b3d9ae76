import { sliceRows } from './lead-import.controller';

describe('sliceRows', () => {
  it('should keep every row in order and each slice under the byte budget when rows are small', () => {
    const rows = Array.from({ length: 100 }, (_, i) => ({ contact: { name: `Lead ${i}` } }));
    const slices = sliceRows(rows, 500);
    expect(slices.flat()).toEqual(rows);
    for (const slice of slices) expect(Buffer.byteLength(JSON.stringify(slice))).toBeLessThanOrEqual(500 + slice.length);
    expect(slices.length).toBeGreaterThan(1);
  });

  it('should give a row larger than the budget a slice of its own', () => {
    const big = { comment: 'x'.repeat(1000) };
    expect(sliceRows([{ a: 1 }, big, { b: 2 }], 100)).toEqual([[{ a: 1 }], [big], [{ b: 2 }]]);
  });

  it('should answer no slice when there are no rows', () => {
    expect(sliceRows([])).toEqual([]);
  });
});
