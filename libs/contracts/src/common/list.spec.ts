import { decodeCursor, encodeCursor, idOfCursor } from './list';

describe('cursors', () => {
  it('should decode what it encoded', () => {
    expect(decodeCursor(encodeCursor({ id: 'abc', n: 3 }))).toEqual({ id: 'abc', n: 3 });
  });

  it.each([['garbage!'], ['bnVsbA'], ['WzFd'], [undefined]])('should return null when the cursor is %s', (cursor) => {
    expect(decodeCursor(cursor)).toBeNull();
  });
});

describe('idOfCursor', () => {
  const ID = '01936f0e-8a4b-7c3d-9e2f-000000000001';

  it('should answer the id when the cursor is one a list made', () => {
    expect(idOfCursor(encodeCursor({ id: ID }))).toBe(ID);
  });

  it.each([
    ['an id that is no UUID', encodeCursor({ id: 'x' })],
    ['an id with a NUL', encodeCursor({ id: `${ID}\u0000` })],
    ['a number for an id', encodeCursor({ id: 7 })],
    ['no id', encodeCursor({ createdAt: '2026-01-01' })],
    ['no JSON at all', 'garbage'],
    ['nothing', undefined],
  ])('should answer null when the cursor carries %s', (_case, cursor) => {
    expect(idOfCursor(cursor)).toBeNull();
  });
});
