import { distinctOrigins, isOrigin } from './origins';

describe('origins', () => {
  it.each(['https://portal.dealer.example', 'http://localhost:5173', 'https://portal.dealer.example:8443', 'http://127.0.0.1:3000', 'http://[::1]:8080'])(
    'should take %s, an origin as a browser sends it',
    (value) => {
      expect(isOrigin(value)).toBe(true);
    },
  );

  it.each([
    ['a path', 'https://portal.example/app'],
    ['a trailing slash', 'https://portal.example/'],
    ['upper case', 'https://Portal.example'],
    ['the default port', 'https://portal.example:443'],
    ['a wildcard subdomain', 'https://*.portal.example'],
    ['a wildcard inside the name', 'https://a.*.example'],
    ['any origin', '*'],
    ['the opaque origin', 'null'],
    ['no scheme', 'portal.example'],
    ['another scheme', 'ftp://portal.example'],
    ['credentials', 'https://user:pw@portal.example'],
    ['a query', 'https://portal.example?x=1'],
    ['an empty string', ''],
    ['a number', 42],
    ['a huge value', `https://${'a'.repeat(400)}.example`],
  ])('should refuse %s: %j', (_case, value) => {
    expect(isOrigin(value)).toBe(false);
  });

  it('should keep each origin once, in the order given', () => {
    expect(distinctOrigins(['https://b.example', 'https://a.example', 'https://b.example'])).toEqual(['https://b.example', 'https://a.example']);
  });
});
