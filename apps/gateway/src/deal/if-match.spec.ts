import { HttpException } from '@nestjs/common';
import { InvalidInputError } from '@saleswire/messaging';
import { versionFromIfMatch } from './if-match';

describe('If-Match', () => {
  it.each([
    ['3', 3],
    ['"3"', 3],
    ['W/"12"', 12],
    [' 7 ', 7],
  ])('should read version %p as %p', (header, version) => {
    expect(versionFromIfMatch(header)).toBe(version);
  });

  it.each([[undefined], [''], ['  ']])('should answer 428 when the header is %p', (header) => {
    expect(() => versionFromIfMatch(header)).toThrow(HttpException);
    try {
      versionFromIfMatch(header);
    } catch (error) {
      expect((error as HttpException).getStatus()).toBe(428);
    }
  });

  it.each([['abc'], ['0'], ['"1", "2"'], ['*']])('should answer 400 when the header is %p', (header) => {
    expect(() => versionFromIfMatch(header)).toThrow(InvalidInputError);
  });
});
