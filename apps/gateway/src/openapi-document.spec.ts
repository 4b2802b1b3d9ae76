import type { OpenAPIObject } from '@nestjs/swagger';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { OPENAPI_EXAMPLES } from './gateway-app';
import { breakingChanges } from './http/openapi-compatibility';
import { generateOpenApiDocument } from './openapi-document';

// The document's own rules (ADR 0017), checked without Redocly so they hold wherever the suite runs: what
// `redocly lint` (recommended) would call an error, and what clients built from the document rely on.

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;
type Node = Record<string, unknown>;

/**
 * Paths a URL could match two of (Redocly's `no-ambiguous-paths`, off in redocly.yaml for these). The router
 * picks the literal segment (`import`) over a parameter, and an id is a UUID, never `import`, so they are kept;
 * a new pair fails here.
 */
const KNOWN_AMBIGUOUS_PATHS = [
  '/api/v1/leads/import ~ /api/v1/leads/{id}',
  '/api/v1/leads/import/{jobId} ~ /api/v1/leads/{id}/convert',
  '/api/v1/leads/import/{jobId} ~ /api/v1/leads/{id}/status',
  // A literal segment beside a parameter: routers (Fastify's too) take the literal first; `department` and `me`
  // are no ids (a UUID never reads so).
  '/api/v1/sales-plans/{month}/department ~ /api/v1/sales-plans/{month}/{userId}',
  '/api/v1/users/me ~ /api/v1/users/{id}',
];

/**
 * Every route API.md names (issue 12, item 6), as it names them: `/reactivate` after `POST /partners/{id}/suspend`
 * is `POST /partners/{id}/reactivate`. `GET /health/*` and `GET /metrics` are the operators', outside `/api/v1`
 * and the document. When API.md is beside the checkout (`../shared/API.md`, or `API_MD`), every route it names
 * must be in this list, so the list cannot lag it.
 */
const API_MD_ROUTES = [
  'POST /auth/token', 'POST /batch',
  'POST /users', 'GET /users', 'GET /users/me', 'PATCH /users/{id}',
  'POST /api-keys', 'GET /api-keys', 'DELETE /api-keys/{id}',
  'POST /leads', 'GET /leads', 'GET /leads/{id}', 'PATCH /leads/{id}', 'POST /leads/{id}/status', 'POST /leads/{id}/convert',
  'POST /leads/import', 'GET /leads/import/{jobId}', 'POST /marketing-events', 'GET /marketing-events',
  'POST /customers', 'GET /customers', 'GET /customers/{id}', 'GET /customers/{id}/history',
  'GET /pipelines', 'POST /pipelines',
  'POST /deals', 'GET /deals', 'GET /deals/{id}', 'PATCH /deals/{id}', 'POST /deals/{id}/stage', 'POST /deals/{id}/payments', 'GET /repeat-sales/due',
  'POST /partners', 'GET /partners', 'GET /partners/{id}', 'PATCH /partners/{id}', 'POST /partners/{id}/suspend', 'POST /partners/{id}/reactivate',
  'POST /partners/{id}/deal-registrations', 'GET /deal-registrations', 'POST /deal-registrations/{id}/approve', 'POST /deal-registrations/{id}/reject',
  'POST /deal-registrations/{id}/extend', 'POST /deal-registrations/{id}/withdraw',
  'GET /lead-offers', 'POST /lead-offers/{id}/accept', 'POST /lead-offers/{id}/decline',
  'GET /partners/{id}/commissions', 'GET /commissions', 'POST /commissions/{id}/approve', 'POST /commissions/{id}/pay', 'GET /partners/{id}/feed',
  'GET /reports/funnel', 'GET /reports/summary', 'GET /reports/lead-sources', 'GET /reports/managers', 'GET /reports/partners', 'GET /reports/forecast',
  'PUT /sales-plans/{yyyy-mm}/{userId}', 'PUT /sales-plans/{yyyy-mm}/department', 'GET /sales-plans', 'GET /dashboard',
];
const OPERATORS_ROUTES = ['GET /health/live', 'GET /health/ready', 'GET /metrics'];

/** `PUT /api/v1/sales-plans/{month}/{userId}` → `PUT /sales-plans/{}/{}`: routes compared whatever their parameters are called. */
const routeShape = (route: string): string => route.replace(' /api/v1/', ' /').replace(/\?.*$/, '').replace(/\{[^}]+\}/g, '{}');

let document: OpenAPIObject;
const operations: Array<{ label: string; method: string; path: string; operation: Operation }> = [];

beforeAll(async () => {
  document = await generateOpenApiDocument({ LOG_LEVEL: 'silent' });
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item as Record<string, Operation>)) {
      operations.push({ label: `${method.toUpperCase()} ${path}`, method, path, operation });
    }
  }
});

/** The node a local JSON pointer (`#/components/schemas/X/properties/y`) names, or undefined. */
function pointed(pointer: string): unknown {
  if (!pointer.startsWith('#/')) return undefined;
  return pointer
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, part) => (node !== null && typeof node === 'object' ? (node as unknown as Node)[part] : undefined), document);
}

function refsIn(node: unknown, at = '#', found: Array<{ at: string; ref: string }> = []): Array<{ at: string; ref: string }> {
  if (Array.isArray(node)) node.forEach((item, index) => refsIn(item, `${at}/${index}`, found));
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push({ at, ref: value });
      else refsIn(value, `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, found);
    }
  }
  return found;
}

function deref<T>(node: T | { $ref: string }): T {
  const ref = (node as { $ref?: string }).$ref;
  return ref ? (pointed(ref) as T) : (node as T);
}

describe('the OpenAPI document', () => {
  it.each(API_MD_ROUTES)('should describe %s, a route of API.md', (route) => {
    expect(operations.map(({ label }) => routeShape(label))).toContain(routeShape(route));
  });

  const apiMd = [process.env.API_MD, path.resolve(__dirname, '../../../../shared/API.md'), path.resolve(__dirname, '../../../../../shared/API.md')].find((file) => file && existsSync(file));
  // Only where API.md is found (it lives beside the repository, not in it); the list above is checked everywhere.
  if (apiMd) it('should list every route API.md names', () => {
    const named = [...readFileSync(apiMd as string, 'utf8').matchAll(/`(GET|POST|PUT|PATCH|DELETE)\s+(\/[^`\s]*)/g)].map(([, method, route]) => routeShape(`${method} ${route}`));
    const listed = new Set([...API_MD_ROUTES, ...OPERATORS_ROUTES].map(routeShape));
    expect(named.filter((route) => !listed.has(route))).toEqual([]);
  });

  it('should resolve every $ref', () => {
    const unresolved = refsIn(document).filter(({ ref }) => pointed(ref) === undefined);
    expect(unresolved).toEqual([]);
  });

  it.each([
    ['UpdateLeadInputV1', 'currency', { type: 'string', pattern: '^[A-Z]{3}$' }],
    ['CreatePartnerInputV1', 'territories', { type: 'array', items: expect.objectContaining({ type: 'string' }) }],
  ])('should describe %s.%s (a type a check does not name) by its check, not as a $ref to its design type', (name, field, expected) => {
    const property = (document.components?.schemas?.[name] as { properties: Record<string, unknown> }).properties[field];
    expect(property).toEqual(expect.objectContaining(expected));
  });

  it('should put no sibling beside a schema $ref, which OpenAPI 3.0 ignores', () => {
    const withSiblings = refsIn(document)
      .filter(({ ref }) => ref.startsWith('#/components/schemas/'))
      .filter(({ at }) => Object.keys(pointed(at) as unknown as Node).length > 1)
      .map(({ at }) => at);
    expect(withSiblings).toEqual([]);
  });

  it('should declare the servers, and the bearer JWT and X-Api-Key schemes applied at the root', () => {
    expect(document.servers?.length).toBeGreaterThan(0);
    expect(document.components?.securitySchemes).toEqual({
      bearer: expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }),
      'api-key': expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }),
    });
    expect(document.security).toEqual([{ bearer: [] }, { 'api-key': [] }]);
  });

  it('should let POST /auth/token (and any public route) be called without credentials, POST /auth/refresh with a bearer token only, and every other operation with either scheme', () => {
    for (const { label, operation } of operations) {
      const security = operation.security?.length === 0 ? [] : label === 'POST /api/v1/auth/refresh' ? [{ bearer: [] }] : [{ bearer: [] }, { 'api-key': [] }];
      expect({ label, security: operation.security }).toEqual({ label, security });
    }
    expect(operations.find(({ label }) => label === 'POST /api/v1/auth/token')?.operation.security).toEqual([]);
    expect(operations.find(({ label }) => label === 'POST /api/v1/auth/refresh')?.operation.security).toEqual([{ bearer: [] }]);
    expect(operations.find(({ label }) => label === 'GET /api/v1/leads')?.operation.security).toEqual([{ bearer: [] }, { 'api-key': [] }]);
  });

  it('should give every operation a summary, a tag and a unique, URL-safe operationId', () => {
    const ids = new Set<string>();
    for (const { label, operation } of operations) {
      expect({ label, summary: typeof operation.summary === 'string' && operation.summary.length > 0 }).toEqual({ label, summary: true });
      expect({ label, tags: (operation.tags ?? []).length }).toEqual({ label, tags: 1 });
      expect(operation.operationId).toMatch(/^[A-Za-z0-9._~-]+$/);
      expect(ids.has(operation.operationId as string)).toBe(false);
      ids.add(operation.operationId as string);
    }
    const tagged = new Set(operations.flatMap(({ operation }) => operation.tags ?? []));
    expect(new Set((document.tags ?? []).filter((tag) => tag.description).map((tag) => tag.name))).toEqual(tagged);
  });

  it('should document a success and 4xx problem answers with the problem schema on every operation', () => {
    for (const { label, operation } of operations) {
      const statuses = Object.keys(operation.responses ?? {});
      expect({ label, success: statuses.some((status) => /^2/.test(status)) }).toEqual({ label, success: true });
      const problems = statuses.filter((status) => /^[45]/.test(status));
      expect({ label, has4xx: problems.some((status) => /^4/.test(status)) }).toEqual({ label, has4xx: true });
      for (const status of problems) {
        const answer = deref(operation.responses[status] as unknown as Node) as { description?: string; content?: Record<string, { schema?: unknown }> };
        expect({ label, status, description: Boolean(answer.description) }).toEqual({ label, status, description: true });
        expect({ label, status, schema: answer.content?.['application/problem+json']?.schema }).toEqual({
          label,
          status,
          schema: { $ref: '#/components/schemas/Problem' },
        });
      }
    }
  });

  it.each([
    ['GET /api/v1/leads/{id}', [400, 401, 403, 404, 429, 503]],
    ['PATCH /api/v1/leads/{id}', [400, 401, 403, 404, 409, 412, 413, 415, 422, 428, 429, 503]],
    ['POST /api/v1/leads', [400, 401, 403, 409, 413, 415, 422, 429, 503]],
    // An optional If-Match: 412 when stale, never 428.
    ['POST /api/v1/deals/{id}/stage', [400, 401, 403, 404, 409, 412, 413, 415, 422, 429, 503]],
    ['POST /api/v1/auth/token', [400, 401, 413, 415, 429, 503]],
    ['POST /api/v1/auth/refresh', [401, 403, 409, 422, 429, 503]],
  ])('should document the problems %s can answer', (label, expected) => {
    const found = operations.find((entry) => entry.label === label);
    const statuses = Object.keys(found?.operation.responses ?? {}).map(Number).filter((status) => status >= 400);
    expect(statuses).toEqual(expected);
  });

  it('should answer a Page of typed items on every list paged by cursor', () => {
    const paged = operations.filter(({ method, operation }) => method === 'get' && (operation.parameters ?? []).some((p) => 'name' in p && p.name === 'cursor'));
    expect(paged.map(({ label }) => label)).toEqual(expect.arrayContaining(['GET /api/v1/leads', 'GET /api/v1/deals', 'GET /api/v1/partners']));
    // The properties of a schema, through its $ref and allOf: a list's own page, or the shared Page with its typed items.
    const propertiesOf = (schema: Node): Record<string, Node> => {
      const own = deref(schema) as { properties?: Record<string, Node>; allOf?: Node[] };
      return Object.assign({}, ...(own.allOf ?? []).map(propertiesOf), own.properties ?? {}) as Record<string, Node>;
    };
    for (const { label, operation } of paged) {
      const answer = operation.responses['200'] as { content?: Record<string, { schema?: Node }> };
      const properties = propertiesOf(answer.content?.['application/json']?.schema ?? {});
      const items = (properties.items as { items?: Node } | undefined)?.items ?? {};
      expect({ label, page: Object.keys(properties).filter((name) => ['items', 'nextCursor'].includes(name)).sort(), typedItems: Object.keys(items).length > 0 }).toEqual({
        label,
        page: ['items', 'nextCursor'],
        typedItems: true,
      });
    }
  });

  it('should give every success answer but a 204 the schema of what it answers', () => {
    for (const { label, operation } of operations) {
      for (const [status, answer] of Object.entries(operation.responses ?? {})) {
        if (!/^2/.test(status) || status === '204') continue;
        const content = (answer as { content?: Record<string, { schema?: Node }> }).content ?? {};
        const schemas = Object.values(content).map(({ schema }) => schema);
        expect({ label, status, schema: schemas.length > 0 && schemas.every((schema) => schema !== undefined && Object.keys(schema).length > 0) }).toEqual({ label, status, schema: true });
      }
    }
    expect(deref((operations.find(({ label }) => label === 'GET /api/v1/leads/{id}')?.operation.responses['200'] as unknown as { content: Record<string, { schema: Node }> }).content['application/json'].schema)).toEqual(
      expect.objectContaining({ required: expect.arrayContaining(['id', 'status', 'contact', 'version']) }),
    );
  });

  it('should describe the answers with the types the handlers return (tools/openapi-answers.mjs has been run)', () => {
    const checked = spawnSync(process.execPath, [path.resolve(__dirname, '../../../tools/openapi-answers.mjs'), '--check'], { encoding: 'utf8' });
    expect({ status: checked.status, stderr: checked.stderr.trim() }).toEqual({ status: 0, stderr: '' });
  });

  it('should give every JSON request body the valid example of its input class', () => {
    const examples = new Map(OPENAPI_EXAMPLES.map(({ input, example }) => [input.name, example]));
    for (const { label, operation } of operations) {
      const body = operation.requestBody ? deref(operation.requestBody as unknown as Node) : undefined;
      const schema = (body as { content?: Record<string, { schema?: { $ref?: string } }> } | undefined)?.content?.['application/json']?.schema;
      if (!schema) continue;
      const name = schema.$ref?.replace('#/components/schemas/', '') ?? (deref(schema) as { items?: { $ref?: string } }).items?.$ref?.replace('#/components/schemas/', '');
      const component = name ? (document.components?.schemas?.[name] as { example?: unknown } | undefined) : undefined;
      expect({ label, name, example: component?.example }).toEqual({ label, name, example: examples.get(name ?? '') });
      expect({ label, example: component?.example === undefined }).toEqual({ label, example: false });
    }
  });

  it('should declare each path parameter of every path', () => {
    for (const { label, path, operation } of operations) {
      const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]).sort();
      const declared = (operation.parameters ?? [])
        .map((parameter) => deref(parameter as unknown as Node) as { in?: string; name?: string })
        .filter((parameter) => parameter.in === 'path')
        .map((parameter) => parameter.name)
        .sort();
      expect({ label, declared }).toEqual({ label, declared: inPath });
    }
  });

  it('should have no ambiguous paths but the known ones', () => {
    const paths = Object.keys(document.paths);
    const ambiguous: string[] = [];
    paths.forEach((a, index) => {
      for (const b of paths.slice(index + 1)) {
        const [x, y] = [a.split('/'), b.split('/')];
        const param = (segment: string): boolean => /^\{.+\}$/.test(segment);
        if (x.length !== y.length || x.every((segment, i) => param(segment) === param(y[i]) && (param(segment) || segment === y[i]))) continue;
        if (x.every((segment, i) => segment === y[i] || param(segment) || param(y[i]))) ambiguous.push([a, b].sort().join(' ~ '));
      }
    });
    expect(ambiguous.sort()).toEqual(KNOWN_AMBIGUOUS_PATHS);
  });

  describe('against the committed document (docs/openapi.json)', () => {
    const COMMITTED = path.resolve(__dirname, '../../../docs/openapi.json');
    const REFRESH = 'node tools/openapi.mjs --out=docs/openapi.json';

    it('should break no v1 client: no operation, parameter or field removed or retyped, none newly required', () => {
      const committed = JSON.parse(readFileSync(COMMITTED, 'utf8')) as OpenAPIObject;
      const breaking = breakingChanges(committed, document);
      if (breaking.length > 0) {
        throw new Error(
          `The API changes in a way that breaks v1 clients:\n  - ${breaking.join('\n  - ')}\n` +
            `Keep v1 as it was and add the change as a new field or a v2 (API.md). If it truly must go, run \`${REFRESH}\` so the review sees it.`,
        );
      }
    });

    it('should be the document the code makes, so that every API change shows in review', () => {
      const committed = readFileSync(COMMITTED, 'utf8');
      if (committed !== `${JSON.stringify(document, null, 2)}\n`) {
        throw new Error(`docs/openapi.json is not the document the gateway makes: run \`${REFRESH}\` and commit it with the change.`);
      }
    });
  });
});
