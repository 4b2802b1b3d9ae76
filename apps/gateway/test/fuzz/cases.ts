import type { JsonSchema, OpenApiDocument, Route } from './openapi';
import { resolve } from './openapi';
import type { Random } from './random';

// Bad input made from a route's valid example (OpenAPI), each case bad by construction, so that whatever the
// route does with a valid body, a case it accepts is a finding: a wrong type, a null or a missing required field,
// NUL or a lone surrogate in text or in a key, bytes that are not UTF-8, an impossible date, a number out of
// every range or beyond a double, a huge string or list, nesting past the limit, an unknown, `__proto__` or
// `constructor` field, a list element that is not an object, a wrong content type, an empty or truncated body,
// a bad path id, query string, If-Match or Idempotency-Key.

/** One request to make of a route. Fields left out are the route's defaults (its example, JSON, the admin). */
export interface FuzzCase {
  kind: string;
  label: string;
  contentType?: string | null;
  body?: Buffer | null;
  /** Stands for every path parameter (already URL-encoded). */
  pathParam?: string;
  /** The query string, without `?`. */
  query?: string;
  headers?: Record<string, string>;
  /** Sent without credentials. */
  anonymous?: boolean;
}

/** JSON text put in place of a value as it is: what JSON.stringify cannot write (1e309, 10,000 levels). */
class RawJson {
  constructor(readonly text: string) {}
}

/** A string with raw bytes inside it, which are not UTF-8. */
class BytesInString {
  constructor(
    readonly before: string,
    readonly bytes: number[],
    readonly after: string,
  ) {}
}

/** An object whose keys are written as given, `__proto__` included. */
class RawObject {
  constructor(readonly entries: Array<[string, unknown]>) {}
}

/** The JSON bytes of a value, with RawJson, BytesInString and RawObject written as they say. */
export function render(value: unknown): Buffer {
  const parts: Buffer[] = [];
  const write = (text: string): void => {
    parts.push(Buffer.from(text, 'utf8'));
  };
  const visit = (node: unknown): void => {
    if (node instanceof RawJson) return write(node.text);
    if (node instanceof BytesInString) {
      write(`"${JSON.stringify(node.before).slice(1, -1)}`);
      parts.push(Buffer.from(node.bytes));
      return write(`${JSON.stringify(node.after).slice(1, -1)}"`);
    }
    if (node instanceof RawObject) {
      write('{');
      node.entries.forEach(([key, item], index) => {
        write(`${index ? ',' : ''}${JSON.stringify(key)}:`);
        visit(item);
      });
      return write('}');
    }
    if (Array.isArray(node)) {
      write('[');
      node.forEach((item, index) => {
        if (index) write(',');
        visit(item);
      });
      return write(']');
    }
    if (typeof node === 'object' && node !== null) return visit(new RawObject(Object.entries(node)));
    write(JSON.stringify(node) ?? 'null');
  };
  visit(value);
  return Buffer.concat(parts);
}

const nestedArrays = (levels: number): string => '['.repeat(levels) + ']'.repeat(levels);

/** A copy of `value` with the node at `path` changed by `change` (which may delete it from its parent). */
function withChange(value: unknown, path: Array<string | number>, change: (parent: Record<string | number, unknown>, key: string | number) => void): unknown {
  const copy = structuredClone(value);
  if (path.length === 0) throw new Error('the root has no parent');
  const parent = path.slice(0, -1).reduce<Record<string | number, unknown>>((node, key) => node[key] as Record<string | number, unknown>, copy as Record<string, unknown>);
  change(parent, path[path.length - 1]);
  return copy;
}

const setAt = (value: unknown, path: Array<string | number>, replacement: unknown): unknown =>
  path.length === 0 ? replacement : withChange(value, path, (parent, key) => (parent[key] = replacement));

interface Node {
  path: Array<string | number>;
  value: unknown;
  schema?: JsonSchema;
  /** A property its object's schema requires. */
  required: boolean;
}

/** Every value in the example, with the schema the document gives it. */
function nodesOf(document: OpenApiDocument, value: unknown, schema: JsonSchema | undefined, path: Array<string | number> = [], required = true): Node[] {
  const resolved = resolve(document, schema);
  const nodes: Node[] = [{ path, value, schema: resolved, required }];
  if (Array.isArray(value)) {
    value.forEach((item, index) => nodes.push(...nodesOf(document, item, resolved?.items, [...path, index], false)));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      nodes.push(...nodesOf(document, item, resolved?.properties?.[key], [...path, key], resolved?.required?.includes(key) ?? false));
    }
  }
  return nodes;
}

const DATE_LIKE = /^\d{4}-\d{2}-\d{2}/;
const IMPOSSIBLE_DATES = ['2026-02-30', '2025-02-29', '2026-13-01', '2026-00-10', '0000-01-01', '2026-W01', '2026-032', '2026-02-30T10:00:00Z', '2026-01-01T25:61:00Z'];
const BAD_BYTES: Array<[string, number[]]> = [
  ['0xFF', [0xff]],
  ['a lone continuation byte', [0x80]],
  ['a truncated sequence', [0xc3, 0x28]],
  ['an encoded surrogate', [0xed, 0xa0, 0x80]],
  ['an overlong "/"', [0xc0, 0xaf]],
];

/** Body mutations of an example, each bad whatever the route: see the file's comment. */
function bodyMutations(document: OpenApiDocument, example: unknown, schema: JsonSchema): Array<{ kind: string; label: string; body: unknown }> {
  const out: Array<{ kind: string; label: string; body: unknown }> = [];
  const add = (kind: string, node: Node, what: string, body: unknown): void => {
    out.push({ kind, label: `${node.path.join('.') || 'the body'} ${what}`, body });
  };
  for (const node of nodesOf(document, example, schema)) {
    const { path, value } = node;
    const isRoot = path.length === 0;
    if (!isRoot && node.required) {
      add('missing required field', node, 'deleted', withChange(example, path, (parent, key) => delete parent[key]));
      add('null', node, '= null', setAt(example, path, null));
    }
    if (!isRoot) {
      const wrong: unknown[] =
        typeof value === 'string'
          ? [12345, true, {}, ['x']]
          : typeof value === 'number'
            ? [String(value), true, {}, [value]]
            : typeof value === 'boolean'
              ? [String(value), 1, {}, [value]]
              : Array.isArray(value)
                ? [{}, 'x', 1]
                : [[], 'x', 1, true];
      for (const replacement of wrong) add('wrong type', node, `= ${JSON.stringify(replacement)}`, setAt(example, path, replacement));
      add('deep nesting', node, '= 40 levels of arrays', setAt(example, path, new RawJson(nestedArrays(40))));
      add('deep nesting', node, '= 10,000 levels of arrays', setAt(example, path, new RawJson(nestedArrays(10_000))));
    }
    if (typeof value === 'string') {
      add('NUL', node, 'with a NUL inside', setAt(example, path, `${value.slice(0, 1)}\u0000${value.slice(1)}`));
      add('lone surrogate', node, 'with a lone high surrogate', setAt(example, path, `${value}\ud800`));
      add('lone surrogate', node, 'with a lone low surrogate first', setAt(example, path, `\udc00${value}`));
      for (const [name, bytes] of BAD_BYTES) add('invalid UTF-8', node, `with ${name}`, setAt(example, path, new BytesInString(value.slice(0, 1), bytes, value.slice(1))));
      add('huge string', node, '= 100,000 characters', setAt(example, path, 'x'.repeat(100_000)));
      if (DATE_LIKE.test(value)) for (const date of IMPOSSIBLE_DATES) add('impossible date', node, `= ${date}`, setAt(example, path, date));
    }
    if (typeof value === 'number') {
      for (const number of [-1, 1e16, 0.00001]) add('out of range', node, `= ${number}`, setAt(example, path, number));
      for (const text of ['1e309', '-1e309', '1' + '0'.repeat(400)]) add('not finite', node, `= ${text.slice(0, 8)}`, setAt(example, path, new RawJson(text)));
    }
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const entries = Object.entries(value);
      const withKey = (key: string, item: unknown): unknown => setAt(example, path, new RawObject([...entries, [key, item]]));
      add('unknown field', node, 'with an unknown field', withKey('unexpectedField', 'x'));
      add('__proto__', node, 'with a __proto__ field', withKey('__proto__', { polluted: true }));
      add('constructor', node, 'with a constructor field', withKey('constructor', 1));
      add('constructor', node, 'with a constructor.prototype field', withKey('constructor', { prototype: { polluted: true } }));
      add('NUL', node, 'with a NUL in a field name', withKey('name\u0000', 'x'));
      add('lone surrogate', node, 'with a lone surrogate in a field name', withKey('\ud800', 'x'));
    }
    if (Array.isArray(value) && value.length > 0) {
      for (const element of [[], 'x', 1, null, [value[0]]]) add('wrong element type', node, `[0] = ${JSON.stringify(element)}`, setAt(example, path, [element, ...value.slice(1)]));
      // Every list in a body has a maximum far below this, except a whole import, whose extra rows would be good ones.
      if (!isRoot) add('huge list', node, 'with 1,001 elements', setAt(example, path, Array.from({ length: 1001 }, () => value[0])));
    }
  }
  return out;
}

/** The cases of a JSON body: mutations of the example, then what is wrong with the body as a whole. */
export function jsonCases(document: OpenApiDocument, schema: JsonSchema, example: unknown, random: Random): FuzzCase[] {
  const cases: FuzzCase[] = bodyMutations(document, example, schema).map(({ kind, label, body }) => ({ kind, label, body: render(body) }));
  const text = render(example).toString('utf8');
  const json = (kind: string, label: string, body: string | Buffer, contentType = 'application/json'): void => {
    cases.push({ kind, label, contentType, body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body });
  };
  const isObject = schema.type !== 'array';
  for (const root of isObject ? ['null', '[]', `[${text}]`, '"x"', '1', 'true', '"\\u0000"'] : ['null', '{}', '[]', '"x"', '1', 'true']) {
    json('wrong body type', `the body is ${root.slice(0, 20)}`, root);
  }
  json('empty body', 'an empty JSON body', '');
  if (isObject && (schema.required?.length ?? 0) > 0) cases.push({ kind: 'empty body', label: 'no body and no content type', contentType: null, body: null });
  for (let i = 0; i < 3; i++) {
    const cut = 1 + random.below(text.length - 1);
    json('truncated body', `the body cut after ${cut} of ${text.length} characters`, text.slice(0, cut));
  }
  json('deep nesting', 'the body inside 40 levels of arrays', `${'['.repeat(40)}${text}${']'.repeat(40)}`);
  json('deep nesting', 'the body inside 10,000 levels of arrays', `${'['.repeat(10_000)}${text}${']'.repeat(10_000)}`);
  json('invalid UTF-8', 'bytes that are no text', Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x7b]));
  json('invalid UTF-8', 'Latin-1 text declared as such', Buffer.from(text.replace(/"([^"\\]{2,})"/, '"$1é"'), 'latin1'), 'application/json; charset=iso-8859-1');
  json('huge body', 'a body over the size limit', `{"padding":"${'x'.repeat(1_100_000)}"}`);
  for (const type of ['text/plain', 'application/xml', 'multipart/form-data; boundary=fuzz', 'application/x-www-form-urlencoded', 'application/json-patch+json']) {
    json('wrong content type', `the example as ${type}`, text, type);
  }
  return cases;
}

/** A row object flattened to CSV columns with dotted names, as the import's CSV takes them. */
function flatten(value: Record<string, unknown>, prefix = ''): Array<[string, string]> {
  return Object.entries(value).flatMap(([key, item]): Array<[string, string]> =>
    typeof item === 'object' && item !== null && !Array.isArray(item) ? flatten(item as Record<string, unknown>, `${prefix}${key}.`) : [[`${prefix}${key}`, String(item)]],
  );
}

const csvCell = (text: string): string => (/[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/** The cases of a CSV body made from the JSON example's first row: each row is bad, or the CSV as a whole is. */
export function csvCases(example: unknown): FuzzCase[] {
  const row = Array.isArray(example) ? example[0] : example;
  if (typeof row !== 'object' || row === null) return [];
  const columns = flatten(row as Record<string, unknown>);
  const header = columns.map(([name]) => name).join(',');
  const csv = (cells: string[]): string => `${header}\n${cells.map(csvCell).join(',')}\n`;
  const cases: FuzzCase[] = [];
  const add = (kind: string, label: string, body: string | Buffer): void => {
    cases.push({ kind, label, contentType: 'text/csv', body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body });
  };
  columns.forEach(([name, value], index) => {
    const cells = (replacement: string): string[] => columns.map(([, cell], i) => (i === index ? replacement : cell));
    add('NUL', `CSV column ${name} with a NUL inside`, csv(cells(`${value.slice(0, 1)}\u0000${value.slice(1)}`)));
    add('huge string', `CSV column ${name} of 5,000 characters`, csv(cells('x'.repeat(5000))));
    add('huge string', `CSV column ${name} of 100,001 characters`, csv(cells('x'.repeat(100_001))));
    const [before, after] = csv(cells('\u0001')).split('\u0001');
    add('invalid UTF-8', `CSV column ${name} with 0xFF`, Buffer.concat([Buffer.from(before), Buffer.from([0xff]), Buffer.from(after)]));
    if (/^-?\d+(\.\d+)?$/.test(value)) add('not finite', `CSV column ${name} of 400 digits`, csv(cells('9'.repeat(400))));
  });
  add('unknown field', 'a CSV column no lead has', `${header},shoeSize\n${columns.map(([, v]) => csvCell(v)).join(',')},42\n`);
  add('empty body', 'a CSV with a header and no rows', `${header}\n`);
  add('empty body', 'an empty CSV', '');
  return cases;
}

/** Cases of what goes beside the body: credentials, the query string, path ids and the headers the route takes. */
export function requestCases(route: Route, invalidBody: Buffer, validBody: Buffer | undefined): FuzzCase[] {
  const cases: FuzzCase[] = [];
  // Refused before the route runs, so the valid example is safe to send, and must be refused.
  const safeBody = validBody ?? invalidBody;
  cases.push({ kind: 'credentials', label: 'no credentials', anonymous: true, body: safeBody });
  cases.push({ kind: 'credentials', label: 'a token that is no token', headers: { authorization: 'Bearer not.a.token' }, body: safeBody });
  for (const query of ['q=%FF', 'q=%ED%A0%80', 'q=100%', 'q=%C3']) cases.push({ kind: 'bad query string', label: `?${query}`, query, body: safeBody });
  cases.push({ kind: 'bad query string', label: 'a query string of 20,000 characters', query: `q=${'x'.repeat(20_000)}`, body: invalidBody });
  if (route.pathParams.length > 0) {
    for (const id of ['not-a-uuid', '%00', '%FF', '%ED%A0%80', 'x'.repeat(300), '00000000-0000-0000-0000-000000000000', '01936f0e-8a4b-7c3d-9e2f-00000000000g']) {
      cases.push({ kind: 'bad path id', label: `the id ${id.slice(0, 40)}`, pathParam: id, body: safeBody });
    }
  }
  if (route.headers.some((header) => header.name.toLowerCase() === 'if-match')) {
    for (const value of ['', ' ', 'abc', '"0"', '-1', '1e309', '99999999999', 'W/"x"', '"1", "2"', '"999999999"', 'caf\u00e9']) {
      cases.push({ kind: 'bad If-Match', label: `If-Match: ${value}`, headers: { 'if-match': value }, body: safeBody });
    }
  }
  if (route.method === 'POST') {
    for (const value of ['', 'caf\u00e9', 'x'.repeat(201), 'key with spaces']) {
      cases.push({ kind: 'bad Idempotency-Key', label: `Idempotency-Key: ${value.slice(0, 20)}`, headers: { 'idempotency-key': value }, body: invalidBody });
    }
  }
  return cases;
}

/** Query-string cases for a route that reads one: each parameter given values it must refuse or bear. */
export function queryCases(route: Route): FuzzCase[] {
  const cursor = (position: unknown): string => Buffer.from(JSON.stringify(position)).toString('base64url');
  const values = [
    '%00',
    'a%00b',
    '%FF',
    '%ED%A0%80',
    '%F0%9F',
    'x'.repeat(3000),
    '1e309',
    '-1',
    '99999999999999999999',
    '2026-02-30',
    '2026-W01',
    '0000-01-01',
    '%5B%5D',
    cursor({ id: 'x' }),
    cursor({ id: '\u0000' }),
    cursor([1]),
  ];
  const cases: FuzzCase[] = [];
  for (const parameter of route.queryParams) {
    for (const value of values) cases.push({ kind: 'bad query parameter', label: `${parameter.name}=${value.slice(0, 30)}`, query: `${parameter.name}=${value}` });
    cases.push({ kind: 'bad query parameter', label: `${parameter.name} twice`, query: `${parameter.name}=a&${parameter.name}=b` });
  }
  cases.push({ kind: 'unknown field', label: 'an unknown query parameter', query: 'unexpectedParameter=1' });
  if (route.pathParams.length > 0) {
    for (const id of ['not-a-uuid', '%00', '%FF', 'x'.repeat(300), '00000000-0000-0000-0000-000000000000']) {
      cases.push({ kind: 'bad path id', label: `the id ${id.slice(0, 40)}`, pathParam: id });
    }
  }
  return cases;
}

/** Up to `budget` cases, every kind at least once, the rest drawn at random (seeded). */
export function pick(cases: readonly FuzzCase[], budget: number, random: Random): FuzzCase[] {
  const firstOfKind = new Map<string, FuzzCase>();
  for (const item of cases) if (!firstOfKind.has(item.kind)) firstOfKind.set(item.kind, random.pick(cases.filter((c) => c.kind === item.kind)));
  const chosen = new Set(firstOfKind.values());
  const rest = cases.filter((item) => !chosen.has(item));
  return [...chosen, ...random.sample(rest, Math.max(0, budget - chosen.size))];
}
