import { uuidv7 } from './uuid-v7';

describe('uuidv7', () => {
  it('should be a version 7, variant 1 UUID', () => {
    expect(uuidv7()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('should carry the creation time in its first 48 bits', () => {
    const at = Date.now() + 1000;
    const id = uuidv7(at);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
  });

  it('should not go back in time when the clock does', () => {
    const later = uuidv7(Date.now() + 2000);
    expect(uuidv7(Date.now() - 60_000) > later).toBe(true);
  });

  it('should sort in creation order, also within one millisecond', () => {
    const ids = Array.from({ length: 5000 }, () => uuidv7());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
