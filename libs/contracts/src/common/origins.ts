import { registerDecorator, type ValidationOptions } from 'class-validator';

/** The most origins one API key or partner may list: a portal has a handful (production, staging, a local build). */
export const MAX_ALLOWED_ORIGINS = 20;

/**
 * Whether a value is a web origin as a browser sends it in `Origin`: `http` or `https`, a host and an optional
 * port, in canonical form (lower-case host, no default port, no path, no trailing slash) — so that comparing it
 * with the header is a plain string comparison. No wildcards: an origin granted to one key or partner names the
 * very site that may read its answers, and `*.dealer.example` would also grant every other host under that name
 * (user content, forgotten test sites). `*` for any origin is an operator's choice for the whole gateway
 * (`CORS_ORIGINS`), never a record's.
 */
export function isOrigin(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 300) return false;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return false;
  }
  return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.origin === value && !parsed.hostname.includes('*');
}

/** Validates an origin (`each: true` for a list of them). */
export function IsOrigin(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isOrigin',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => isOrigin(value),
        defaultMessage: (args) =>
          `${args?.property ?? 'origin'} must hold origins such as https://portal.example.com:8443 (http or https, host and port, lower case, no path, no wildcard)`,
      },
    });
}

/** The same origins, each once, in the order given. */
export function distinctOrigins(origins: readonly string[]): string[] {
  return [...new Set(origins)];
}
