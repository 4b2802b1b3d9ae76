import { ProblemError } from '@saleswire/messaging';
import { etagOf, IdPipe, versionFromIfMatch } from './lead-http';

describe('If-Match', () => {
  it.each([
    ['3', 3],
    ['"3"', 3],
    ['W/"12"', 12],
    [' "7" ', 7],
    [['"4"', '"5"'], 4],
  ])('should read version %p when the header is %p', (header, version) => {
    expect(versionFromIfMatch(header)).toBe(version);
  });

  it.each([
    ['missing', undefined, 428],
    ['empty', '  ', 428],
    ['a word', 'latest', 400],
    ['zero', '"0"', 400],
    ['a star', '*', 400],
  ])('should answer %s with its status when the header is %p', (_case, header, status) => {
    expect(() => versionFromIfMatch(header)).toThrow(ProblemError);
    try {
      versionFromIfMatch(header);
    } catch (error) {
      expect((error as ProblemError).status).toBe(status);
    }
  });

  it('should quote the version when making an ETag', () => {
    expect(etagOf(3)).toBe('"3"');
    expect(versionFromIfMatch(etagOf(42))).toBe(42);
  });
});

describe('IdPipe', () => {
  it('should pass a UUID through', () => {
    expect(new IdPipe().transform('01936f0e-8a4b-7c3d-9e2f-000000000001')).toBe('01936f0e-8a4b-7c3d-9e2f-000000000001');
  });

  it.each([['42'], ['not-a-uuid'], ['01936f0e-8a4b-7c3d-9e2f-00000000000']])('should answer 400 naming id when the id is %p', (id) => {
    expect(() => new IdPipe().transform(id)).toThrow(expect.objectContaining({ status: 400, errors: [expect.objectContaining({ field: 'id' })] }));
  });
});
