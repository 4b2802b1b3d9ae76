import { decodeCursor, encodeCursor } from './list';

describe('cursors', () => {
  it('should decode what it encoded', () => {
    expect(decodeCursor(encodeCursor({ id: 'abc', n: 3 }))).toEqual({ id: 'abc', n: 3 });
  });

  it.each([['garbage!'], ['bnVsbA'], ['WzFd'], [undefined]])('should return null when the cursor is %s', (cursor) => {
    expect(decodeCursor(cursor)).toBeNull();
  });
});
