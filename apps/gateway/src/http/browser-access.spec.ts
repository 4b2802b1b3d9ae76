import { BASELINE_SECURITY_HEADERS, parseCorsOrigins } from './browser-access';

describe('CORS_ORIGINS', () => {
  it.each([
    [undefined, []],
    ['', []],
    [' https://portal.example.com , http://localhost:5173 ', ['https://portal.example.com', 'http://localhost:5173']],
    ['*', ['*']],
    ['https://portal.example.com:8443', ['https://portal.example.com:8443']],
  ])('should read %j as %j', (value, expected) => {
    expect(parseCorsOrigins(value)).toEqual(expected);
  });

  it.each(['portal.example.com', 'https://portal.example.com/', 'https://portal.example.com/app', 'ftp://files.example.com', 'https://Portal.Example.com'])(
    'should refuse to start when given %s, which is no origin a browser sends',
    (value) => {
      expect(() => parseCorsOrigins(value)).toThrow(/CORS_ORIGINS/);
    },
  );
});

describe('the baseline security headers', () => {
  it('should write the same strict policy helmet sends', () => {
    expect(BASELINE_SECURITY_HEADERS['Content-Security-Policy']).toBe(
      "default-src 'self';base-uri 'self';connect-src 'self';font-src 'self' data:;form-action 'self';frame-ancestors 'none';img-src 'self' data:;object-src 'none';script-src 'self';style-src 'self' 'unsafe-inline'",
    );
  });
});
