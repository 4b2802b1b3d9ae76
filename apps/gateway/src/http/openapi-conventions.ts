import type { OpenAPIObject } from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';

// The rules every operation of the OpenAPI document follows (ADR 0017), applied to each route as the document
// is built, so a controller states none of them and a new route gets them by itself: its security, a summary,
// the problem answers it can give, and their one problem schema. A route says more with its own @ApiOperation
// or @ApiResponse, which these rules never overwrite.

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;
type Parameter = { name?: string; in?: string; required?: boolean };

/** The two ways to call the API (API.md, "Auth"); every operation but a public one takes either. */
export const SECURITY_SCHEMES = {
  bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A token of POST /api/v1/auth/token, or of the OpenID Connect provider when one is configured.' },
  'api-key': { type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'An API key of POST /api/v1/api-keys.' },
} as const;
/** Either scheme will do; a new array each time, so that no two places of the document share one object. */
export const authenticated = (): Array<Record<string, string[]>> => [{ bearer: [] }, { 'api-key': [] }];
/** Routes for the gateway's own bearer token alone: its refresh (an API key does not expire). */
const BEARER_ONLY = new Set(['POST /auth/refresh']);

/** What a route is, as far as the document's rules care. */
export interface RouteFacts {
  method: string;
  /** The path as the document writes it, without the global prefix: `/leads/{id}/status`. */
  path: string;
  /** The handler's name in its controller: `changeStatus`. */
  handler: string;
  isPublic: boolean;
}

/**
 * Summaries of the routes that were there when the rule came (ADR 0017); a route not listed here and without an
 * @ApiOperation summary gets one made from its handler's name and its path.
 */
const SUMMARIES: Record<string, string> = {
  'POST /auth/token': 'Sign in with an email and password',
  'POST /users': 'Create a user',
  'GET /users': 'List users',
  'GET /users/me': 'Read the calling user',
  'PATCH /users/{id}': 'Change a user',
  'POST /api-keys': 'Create an API key',
  'GET /api-keys': 'List API keys',
  'DELETE /api-keys/{id}': 'Revoke an API key',
  'POST /batch': 'Run up to 100 requests in one',
  'POST /leads': 'Capture a lead',
  'GET /leads': 'List leads',
  'GET /leads/{id}': 'Read a lead',
  'PATCH /leads/{id}': 'Change a lead',
  'POST /leads/{id}/status': "Change a lead's status",
  'POST /leads/{id}/convert': 'Convert a lead into a customer and a deal',
  'POST /leads/import': 'Import leads from CSV or a JSON array',
  'GET /leads/import/{jobId}': 'Read an import job',
  'GET /lead-assignment': 'Read the lead assignment rule',
  'PUT /lead-assignment': 'Replace the lead assignment rule',
  'POST /marketing-events': 'Create a marketing event',
  'GET /marketing-events': 'List marketing events',
  'POST /customers': 'Create a customer',
  'GET /customers': 'List customers',
  'GET /customers/{id}': 'Read a customer',
  'GET /customers/{id}/history': "Read a customer's whole history",
  'GET /pipelines': 'List pipelines',
  'POST /pipelines': 'Create a pipeline',
  'POST /deals': 'Open a deal',
  'GET /deals': 'List deals',
  'GET /deals/{id}': 'Read a deal with its stage history',
  'PATCH /deals/{id}': 'Change a deal',
  'POST /deals/{id}/stage': 'Move a deal to another stage',
  'POST /deals/{id}/payments': 'Record a payment of a deal',
  'GET /repeat-sales/due': 'List repeat sales due',
  'POST /partners': 'Create a partner',
  'GET /partners': 'List partners',
  'GET /partners/{id}': 'Read a partner',
  'PATCH /partners/{id}': 'Change a partner',
  'POST /partners/{id}/suspend': 'Suspend a partner',
  'POST /partners/{id}/reactivate': 'Reactivate a partner',
  'POST /partners/{id}/deal-registrations': 'Register a deal for a partner',
  'GET /partners/{id}/commissions': "List a partner's commissions",
  'GET /partners/{id}/feed': "Follow a partner's events (server-sent events)",
  'GET /deal-registrations': 'List deal registrations',
  'GET /deal-registrations/{id}': 'Read a deal registration',
  'POST /deal-registrations/{id}/approve': 'Approve a deal registration',
  'POST /deal-registrations/{id}/reject': 'Reject a deal registration',
  'POST /deal-registrations/{id}/extend': "Extend a deal registration's protection",
  'POST /deal-registrations/{id}/withdraw': 'Withdraw a deal registration',
  'GET /commissions': 'List commissions',
  'POST /commissions/{id}/approve': 'Approve a commission',
  'POST /commissions/{id}/pay': 'Mark a commission paid',
  'GET /reports/lead-sources': 'Report leads by source and marketing event',
};

/** Descriptions of the document's tags; a tag not listed gets a plain one. */
const TAGS: Record<string, string> = {
  auth: 'Signing in: tokens for an email and password, and their refresh.',
  users: 'Users and their roles (admin).',
  'api-keys': 'API keys for integrations and partner portals (admin).',
  batch: 'Several requests in one.',
  leads: 'Leads: capture, work, convert, import, assignment and marketing events.',
  customers: 'Customers and their whole history.',
  deals: 'Deals, their stages and payments.',
  pipelines: 'Pipelines and their stages.',
  'repeat-sales': 'Repeat sales due from customers with a rhythm of purchases.',
  'deal-registrations': 'Deal registrations: a partner claims a customer, a channel manager decides.',
  commissions: 'Commissions accrued on partners’ won deals.',
  partners: 'The partner network: partners, deal registrations, commissions and the partner feed.',
  reports: 'Reports built from every service’s events.',
};

/** The problem answers (API.md, "Errors"), each a response component with the one problem schema. */
const PROBLEM_ANSWERS: Record<number, { name: string; description: string; retryAfter?: boolean }> = {
  400: { name: 'BadRequest', description: 'Bad input: a field, the query, a path id or a header; `errors` names each field.' },
  401: { name: 'Unauthorized', description: 'No credentials, or credentials that are not valid.' },
  403: { name: 'Forbidden', description: "The caller's role may not do this, or its partner is suspended." },
  404: { name: 'NotFound', description: "No such record, or one outside the caller's scope." },
  409: { name: 'Conflict', description: 'The record is in a state that refuses this, or the Idempotency-Key was used with another request.' },
  412: { name: 'PreconditionFailed', description: 'If-Match names a version that is no longer the current one.' },
  413: { name: 'PayloadTooLarge', description: 'The body is larger than the gateway takes.' },
  415: { name: 'UnsupportedMediaType', description: 'The body is not of a content type the route takes.' },
  422: { name: 'UnprocessableEntity', description: 'A rule of the domain refuses the change (e.g. a closed deal does not move).' },
  428: { name: 'PreconditionRequired', description: 'If-Match is missing.' },
  429: { name: 'TooManyRequests', description: 'A rate limit is spent; try again after Retry-After seconds.', retryAfter: true },
  503: { name: 'ServiceUnavailable', description: 'A service, the database or NATS is away for a moment; try again after Retry-After seconds.', retryAfter: true },
};

/**
 * Statuses a route answers besides the ones its shape implies: the token route's wrong password, and
 * `GET /users/me` called with an API key, which is no user (404; found by the end-to-end answer check).
 */
const ROUTE_PROBLEMS: Record<string, number[]> = { 'POST /auth/token': [401], 'GET /users/me': [404] };

/** Schemas every document has: the problem document, and the page every keyset-paged list answers. */
export const SHARED_SCHEMAS = {
  FieldError: {
    type: 'object',
    required: ['field', 'message'],
    properties: { field: { type: 'string', example: 'contact.email' }, message: { type: 'string', example: 'contact.email must be an email' } },
  },
  Problem: {
    type: 'object',
    description: 'A problem document (RFC 9457), as `application/problem+json`.',
    required: ['type', 'title', 'status', 'detail', 'errors'],
    properties: {
      type: { type: 'string', example: 'about:blank' },
      title: { type: 'string', example: 'Bad Request' },
      status: { type: 'integer', minimum: 400, maximum: 599, example: 400 },
      detail: { type: 'string', example: 'contact.email must be an email' },
      errors: { type: 'array', items: { $ref: '#/components/schemas/FieldError' } },
    },
  },
  Page: {
    type: 'object',
    description: 'One page of a list (API.md, "Lists"); ask for the next with `?cursor=<nextCursor>`.',
    required: ['items', 'nextCursor'],
    properties: {
      items: { type: 'array', items: {} },
      nextCursor: { type: 'string', nullable: true, description: 'The cursor of the next page; null on the last one.' },
    },
  },
};

const WRITES = new Set(['post', 'put', 'patch', 'delete']);

/** The problem statuses a route can answer, from what it takes and who may call it. */
export function problemStatusesOf(route: RouteFacts, operation: Operation): number[] {
  const parameters = (operation.parameters ?? []) as Parameter[];
  const headers = new Set(parameters.filter((p) => p.in === 'header').map((p) => p.name?.toLowerCase()));
  const method = route.method.toLowerCase();
  const statuses = new Set<number>([429, 503]);
  if (parameters.length > 0 || operation.requestBody) statuses.add(400);
  if (operation.requestBody) [413, 415].forEach((status) => statuses.add(status));
  if (!route.isPublic) [401, 403].forEach((status) => statuses.add(status));
  if (parameters.some((p) => p.in === 'path')) statuses.add(404);
  // A report filtered by a record outside the caller's scope (another manager's `ownerId`, another partner's
  // `partnerId`) is answered 404, as that record itself would be (API.md, Reports).
  if (route.path.startsWith('/reports/') && parameters.some((p) => p.in === 'query' && /Id$/.test(p.name ?? ''))) statuses.add(404);
  if (WRITES.has(method) && !route.isPublic) [409, 422].forEach((status) => statuses.add(status));
  if (headers.has('idempotency-key')) statuses.add(409);
  const ifMatch = parameters.find((p) => p.in === 'header' && p.name?.toLowerCase() === 'if-match');
  if (ifMatch) statuses.add(412);
  // Only a required If-Match is answered 428 when missing; an optional one is simply not checked.
  if (ifMatch?.required) statuses.add(428);
  for (const status of ROUTE_PROBLEMS[`${route.method.toUpperCase()} ${route.path}`] ?? []) statuses.add(status);
  return [...statuses].sort((a, b) => a - b);
}

/** `changeStatus` on `POST /leads/{id}/status` → "Change status (POST /leads/{id}/status)". */
function derivedSummary(route: RouteFacts): string {
  const words = route.handler.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return `${words.charAt(0).toUpperCase()}${words.slice(1)} (${route.method.toUpperCase()} ${route.path})`;
}

/** Applies the rules to one operation: security, summary and problem answers; what the route states stays. */
export function applyOperationRules(route: RouteFacts, operation: Operation): void {
  const key = `${route.method.toUpperCase()} ${route.path}`;
  operation.security = route.isPublic ? [] : BEARER_ONLY.has(key) ? [{ bearer: [] }] : authenticated();
  operation.summary ??= SUMMARIES[key] ?? derivedSummary(route);
  // A controller without @ApiTags is grouped by its first path segment (`/users/me` → `users`).
  if (!operation.tags?.length) operation.tags = [route.path.split('/').find((segment) => segment !== '') ?? 'api'];
  const responses = (operation.responses ??= {}) as Record<string, { description?: string; $ref?: string; content?: object }>;
  // A list paged by `cursor` answers a page: its items typed by its handler's answer (http/openapi.ts), else untyped.
  const paged = (operation.parameters ?? []).some((p) => (p as Parameter).in === 'query' && (p as Parameter).name === 'cursor');
  if (route.method.toLowerCase() === 'get' && paged && responses['200'] && !responses['200'].content) {
    responses['200'].content = { 'application/json': { schema: { $ref: '#/components/schemas/Page' } } };
  }
  for (const [status, answer] of Object.entries(responses)) if (answer && !answer.description) answer.description = STATUS_CODES[Number(status)] ?? 'Answer';
  for (const status of problemStatusesOf(route, operation)) {
    responses[String(status)] ??= { $ref: `#/components/responses/${PROBLEM_ANSWERS[status].name}` };
  }
}

/** The document-wide parts: servers, root security, the problem components and described tags. */
export function applyDocumentRules(document: OpenAPIObject): void {
  document.servers = [{ url: '/', description: 'The gateway serving this document' }];
  document.security = authenticated();
  const used = new Set<string>();
  const tags = new Set<string>();
  for (const operations of Object.values(document.paths)) {
    for (const operation of Object.values(operations as Record<string, Operation>)) {
      for (const tag of operation.tags ?? []) tags.add(tag);
      for (const answer of Object.values(operation.responses ?? {})) {
        const ref = (answer as { $ref?: string }).$ref;
        if (ref?.startsWith('#/components/responses/')) used.add(ref.slice('#/components/responses/'.length));
      }
    }
  }
  const responses: NonNullable<NonNullable<OpenAPIObject['components']>['responses']> = {};
  for (const { name, description, retryAfter } of Object.values(PROBLEM_ANSWERS)) {
    if (!used.has(name)) continue;
    responses[name] = {
      description,
      ...(retryAfter ? { headers: { 'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer', minimum: 0 } } } } : {}),
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
  }
  document.components = { ...document.components, responses: { ...document.components?.responses, ...responses } };
  document.tags = [...tags].sort().map((name) => ({ name, description: TAGS[name] ?? `The ${name} routes.` }));
}
