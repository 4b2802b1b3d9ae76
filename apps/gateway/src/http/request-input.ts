import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { InvalidInputError, MAX_INPUT_DEPTH } from '@saleswire/messaging';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parse as parseForm } from 'node:querystring';

// How the gateway reads a request's bytes, in one place: bodies and query strings are UTF-8 or refused (Node's
// lenient decoding put U+FFFD in place of bad bytes, which then were stored), and a JSON body nested deeper than
// MAX_INPUT_DEPTH is refused from its text, before JSON.parse and everything that walks its result recurse into it.
// What the text may hold (NUL, lone surrogates from `\ud800`, infinite numbers) is the ValidationPipe's rule.

type Done = (error: Error | null, body?: unknown) => void;
type BodyParser = (request: FastifyRequest, body: Buffer, done: Done) => void;

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function unreadable(field: string, message: string): InvalidInputError {
  return new InvalidInputError([{ field, message }], 'The request cannot be read.');
}

/** The body's bytes as text; 400 naming `body` when they are not UTF-8. A byte order mark is dropped. */
export function decodeUtf8Body(bytes: Buffer): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    throw unreadable('body', 'the body is not valid UTF-8 text');
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * 400 naming `body` when JSON text opens more than `max` objects and arrays inside each other. Reads the text
 * once, skipping strings; malformed JSON is left to the parser, which answers it.
 */
export function checkJsonDepth(text: string, max = MAX_INPUT_DEPTH): void {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      // To the closing quote: the next one that an odd run of backslashes does not escape.
      for (;;) {
        const close = text.indexOf('"', i + 1);
        if (close === -1) return;
        let backslashes = 0;
        while (text.charCodeAt(close - 1 - backslashes) === BACKSLASH) backslashes++;
        i = close;
        if (backslashes % 2 === 0) break;
      }
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > max) throw unreadable('body', `the body nests deeper than ${max} levels of objects and arrays`);
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
}

/** 400 naming `field` when a percent-escape of a query string or form body does not decode to UTF-8. */
export function checkPercentEncoding(text: string, field: 'query' | 'body'): void {
  if (!text.includes('%')) return;
  try {
    decodeURIComponent(text);
  } catch {
    const what = field === 'query' ? 'the query string' : 'the body';
    throw unreadable(field, `${what} has a percent-escape that is not UTF-8 (or a % that starts no escape)`);
  }
}

/** 400 naming `query` when the query string of a request URL is not percent-encoded UTF-8. */
export function checkQueryString(url: string): void {
  const at = url.indexOf('?');
  if (at === -1) return;
  const query = url.slice(at + 1);
  // A URL holds ASCII only (RFC 3986); Node reads other bytes as Latin-1, which is never what was meant.
  if (/[^\x21-\x7e]/.test(query)) throw unreadable('query', 'the query string must be ASCII, with other characters percent-encoded as UTF-8');
  checkPercentEncoding(query, 'query');
}

/** `application/json`: UTF-8, at most MAX_INPUT_DEPTH deep, then Fastify's own parser (and its `__proto__` guard). */
function jsonParser(fastify: FastifyInstance): BodyParser {
  const { onProtoPoisoning, onConstructorPoisoning } = fastify.initialConfig;
  // The options Nest's own JSON parser uses: a `__proto__` key, or a `constructor` with a `prototype`, is a 400.
  const parse = fastify.getDefaultJsonParser(onProtoPoisoning ?? 'error', onConstructorPoisoning ?? 'error');
  return (request, body, done) => {
    const text = decodeUtf8Body(body);
    checkJsonDepth(text);
    parse(request, text, done);
  };
}

/** `application/x-www-form-urlencoded` as Nest parsed it (fields, repeated keys as arrays), from UTF-8 only. */
const formParser: BodyParser = (_request, body, done) => {
  const text = decodeUtf8Body(body);
  checkPercentEncoding(text, 'body');
  const form = parseForm(text, '&', '=', { maxKeys: 0 });
  if (Object.hasOwn(form, '__proto__')) throw unreadable('__proto__', 'property __proto__ should not exist');
  done(null, form);
};

/** A text body (`text/plain`, `text/csv`): UTF-8 or 400. */
export const textParser: BodyParser = (_request, body, done) => done(null, decodeUtf8Body(body));

/**
 * Installs the gateway's body parsers and its query-string check on the app before it starts: the parsers
 * Nest and Fastify would otherwise register for these types decode bytes leniently.
 */
export function installRequestInput(app: NestFastifyApplication, bodyLimit: number): void {
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  app.useBodyParser('application/json', { bodyLimit }, jsonParser(fastify));
  app.useBodyParser('application/x-www-form-urlencoded', { bodyLimit }, formParser);
  app.useBodyParser('text/plain', { bodyLimit }, textParser);
  fastify.addHook('onRequest', (request: FastifyRequest, _reply: FastifyReply, next: (error?: Error) => void) => {
    try {
      checkQueryString(request.url);
      next();
    } catch (error) {
      next(error as Error);
    }
  });
}
