import { RequestMethod, type INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { InputExample } from '@saleswire/contracts';
// class-transformer exports its storage only by path; it is what lets nested classes become $refs.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as typeof import('class-transformer/types/storage');
import { ValidationTypes } from 'class-validator';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { defaultConverters } from 'class-validator-jsonschema/build/defaultConverters';
import type { ISchemaConverters } from 'class-validator-jsonschema/build/defaultConverters';
import { PUBLIC_ROUTE } from '@saleswire/observability';
import { ANSWER_ROUTES, ANSWER_SCHEMAS } from './openapi-answers.generated';
import { applyDocumentRules, applyOperationRules, SHARED_SCHEMAS, SECURITY_SCHEMES, type RouteFacts } from './openapi-conventions';

/**
 * OpenAPI at `/api/docs` (JSON at `/api/docs-json`). Request schemas are derived from the same
 * class-validator decorators that validate the requests, so the document cannot drift from the checks; each
 * body's schema shows its class's valid example (the fuzz suite starts from them). Answer schemas are derived
 * from the types the handlers declare they return (tools/openapi-answers.mjs, ADR 0022). The rules every operation
 * follows (security, summary, problem answers) are applied here, for every route (openapi-conventions.ts).
 */
export function setupOpenApi(app: INestApplication, examples: readonly InputExample[] = []): OpenAPIObject {
  const document = buildOpenApiDocument(app, examples);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return document;
}

/** The document of an app's routes, without serving it (tools/openapi.mjs builds it from an app in preview mode). */
export function buildOpenApiDocument(app: INestApplication, examples: readonly InputExample[] = []): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Saleswire API')
    .setDescription('The gateway of Saleswire: leads, deals, customers, partners and reports. See API.md.')
    .setVersion('1')
    .setLicense('MIT', 'https://opensource.org/license/mit')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.components = { ...document.components, securitySchemes: { ...SECURITY_SCHEMES } };
  const schemas = validationMetadatasToSchemas({
    refPointerPrefix: '#/components/schemas/',
    classTransformerMetadataStorage: defaultMetadataStorage,
    additionalConverters: CONVERTERS,
  });
  // A class both a request and an answer carry (`LeadContactV1`) keeps the schema of its checks: the same type,
  // described more closely.
  const all: Record<string, object> = { ...structuredClone(ANSWER_SCHEMAS), ...document.components?.schemas, ...(schemas as Record<string, object>), ...SHARED_SCHEMAS };
  inlineDesignTypeRefs(all);
  for (const { input, example } of examples) if (all[input.name]) all[input.name] = { ...all[input.name], example };
  textBodiesAsText(document);
  for (const route of routesOf(app, document)) {
    documentQuery(route, all);
    documentAnswer(route);
    applyOperationRules(route, route.operation);
  }
  applyDocumentRules(document);
  document.components = { ...document.components, schemas: referencedOnly(document, all) };
  return document;
}

/** Where `@ApiProduces` keeps its media types (@nestjs/swagger's DECORATORS.API_PRODUCES, which it does not export). */
const API_PRODUCES = 'swagger/apiProduces';

/** A JSON schema as the converters write it (the library's own type, from its dependency). */
type SchemaObject = Exclude<ISchemaConverters[string], (...args: never[]) => unknown>;

/** Schemas of the class-validator checks the library does not know; the rest fall back on the property's type. */
const CONVERTERS: Record<string, ISchemaConverters[string]> = {
  isISO4217CurrencyCode: { type: 'string', pattern: '^[A-Z]{3}$', example: 'EUR' },
  // A date or a date and time: either may match, which is `anyOf` (the library's `oneOf` says exactly one).
  isIso8601: { type: 'string', anyOf: [{ format: 'date' }, { format: 'date-time' }] },
  // `northwind.example` passes IsUrl without a protocol, so the value is no `uri`; one requiring it is.
  isUrl: (meta) => ((meta.constraints?.[0] as { require_protocol?: boolean } | undefined)?.require_protocol ? { type: 'string', format: 'uri' } : { type: 'string' }),
  isRegionCode: { type: 'string', pattern: '^[A-Za-z]{2}(-[A-Za-z0-9]{1,3})?$', example: 'DE-BY' },
  // A web origin as browsers send it (contracts' isOrigin: canonical, no path, no wildcard).
  isOrigin: { type: 'string', pattern: '^https?://[^/*?#]+$', maxLength: 300, example: 'https://portal.dealer.example' },
  [ValidationTypes.CUSTOM_VALIDATION]: (meta, options) => {
    const fallback = defaultConverters[ValidationTypes.CUSTOM_VALIDATION];
    const schema = (typeof fallback === 'function' ? fallback(meta, options) : fallback) as SchemaObject | undefined;
    const name = (schema as { $ref?: string } | undefined)?.$ref?.replace('#/components/schemas/', '');
    // `string | null` has the design type Object; `string[]` checked `each` has Array, for each of its items.
    if (name && name in DESIGN_TYPES) return (meta.each && name === 'Array' ? {} : DESIGN_TYPES[name]) as SchemaObject;
    return schema;
  },
};

/** What a property's design type says when no check says more (`Object`: any JSON value). */
const DESIGN_TYPES: Record<string, SchemaObject> = {
  Object: {},
  Array: { type: 'array', items: {} },
  String: { type: 'string' },
  Number: { type: 'number' },
  Boolean: { type: 'boolean' },
  Date: { type: 'string', format: 'date-time' },
};

/**
 * A `$ref` to a design type (`#/components/schemas/Object`) names no schema, and stops every tool that resolves
 * the document (openapi-typescript: "Can't resolve $ref"). Any such ref the converters did not catch is inlined.
 */
function inlineDesignTypeRefs(schemas: Record<string, object>): void {
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    const name = typeof record.$ref === 'string' ? record.$ref.replace('#/components/schemas/', '') : undefined;
    if (name && !schemas[name] && name in DESIGN_TYPES) {
      const { $ref: _ref, ...own } = record;
      delete record.$ref;
      Object.assign(record, DESIGN_TYPES[name], own);
    } else if (name && record.type === 'object') {
      // `@IsObject()` beside a nested class: the ref says it already, and OpenAPI 3.0 ignores a $ref's siblings.
      delete record.type;
    }
    Object.values(record).forEach(visit);
  };
  Object.values(schemas).forEach(visit);
}

/** A `text/*` body (the import's CSV) is text, whatever schema its route gives the JSON one. */
function textBodiesAsText(document: OpenAPIObject): void {
  for (const operations of Object.values(document.paths)) {
    for (const operation of Object.values(operations as Record<string, { requestBody?: { content?: Record<string, object> } }>)) {
      const content = operation?.requestBody?.content;
      for (const type of Object.keys(content ?? {})) if (type.startsWith('text/') && content) content[type] = { schema: { type: 'string' } };
    }
  }
}

interface SchemaOf {
  properties?: Record<string, object>;
  required?: string[];
}

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;

/** A route of the app with its operation in the document. */
interface DocumentedRoute extends RouteFacts {
  operation: Operation;
  controller: object;
}

/** Every handler of the app's controllers that has an operation in the document. */
function routesOf(app: INestApplication, document: OpenAPIObject): DocumentedRoute[] {
  const routes: DocumentedRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      if (typeof metatype !== 'function') continue;
      const prototype = metatype.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        const method: unknown = typeof handler === 'function' ? Reflect.getMetadata(METHOD_METADATA, handler) : undefined;
        if (typeof method !== 'number') continue;
        const found = operationOf(document, metatype, handler as object, method);
        if (!found) continue;
        const isPublic = Reflect.getMetadata(PUBLIC_ROUTE, handler as object) === true || Reflect.getMetadata(PUBLIC_ROUTE, metatype) === true;
        routes.push({ method: RequestMethod[method], path: found.path, handler: name, isPublic, operation: found.operation, controller: metatype });
      }
    }
  }
  return routes;
}

/**
 * Lists a `@Query()` class's fields as the operation's query parameters. Nest's document reads them from
 * @ApiProperty only, which contracts (plain classes) do not carry, so the lists' filters were missing from it.
 */
function documentQuery(route: DocumentedRoute, schemas: Record<string, object>): void {
  const query = queryClassOf(route.controller, route.handler);
  const schema = query ? (schemas[query.name] as SchemaOf | undefined) : undefined;
  if (!schema) return;
  const { operation } = route;
  const named = new Set((operation.parameters ?? []).map((p) => ('name' in p ? p.name : '')));
  for (const [field, property] of Object.entries(schema.properties ?? {})) {
    if (named.has(field)) continue;
    (operation.parameters ??= []).push({ name: field, in: 'query', required: schema.required?.includes(field) ?? false, schema: structuredClone(property) });
  }
}

/**
 * Puts the schema of the type a handler answers (openapi-answers.generated.ts) on its success answer, unless the
 * route states one itself; an answer of another media type (`@ApiProduces('text/event-stream')`) is text.
 */
function documentAnswer(route: DocumentedRoute): void {
  const schema = ANSWER_ROUTES[`${(route.controller as { name: string }).name}.${route.handler}`];
  const handler = (route.controller as { prototype: Record<string, object> }).prototype[route.handler];
  const produces = (Reflect.getMetadata(API_PRODUCES, handler) ?? []) as string[];
  const responses = (route.operation.responses ?? {}) as Record<string, { content?: Record<string, object> }>;
  for (const [status, answer] of Object.entries(responses)) {
    if (!/^2/.test(status) || status === '204' || answer.content) continue;
    if (produces.length > 0 && !produces.includes('application/json')) answer.content = Object.fromEntries(produces.map((type) => [type, { schema: { type: 'string' } }]));
    else if (schema) answer.content = { 'application/json': { schema: structuredClone(schema) } };
  }
}

/** The class of a handler's whole `@Query()` argument, if it has one. */
function queryClassOf(controller: object, handler: string): { name: string } | undefined {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler) ?? {}) as Record<string, { index: number; data?: unknown }>;
  const types = (Reflect.getMetadata('design:paramtypes', (controller as { prototype: object }).prototype, handler) ?? []) as unknown[];
  for (const [key, arg] of Object.entries(args)) {
    if (Number(key.split(':')[0]) !== RouteParamtypes.QUERY || arg.data !== undefined) continue;
    const type = types[arg.index];
    if (typeof type === 'function' && type !== Object) return type;
  }
  return undefined;
}

/** The document's operation for a handler (its controller's and its own paths, under the global prefix), and its path without the prefix. */
function operationOf(document: OpenAPIObject, controller: object, handler: object, method: number): { path: string; operation: Operation } | undefined {
  const segments = [Reflect.getMetadata(PATH_METADATA, controller), Reflect.getMetadata(PATH_METADATA, handler)]
    .flatMap((path: unknown) => (typeof path === 'string' ? path.split('/') : []))
    .filter((segment) => segment !== '')
    .map((segment) => segment.replace(/^:(.+)$/, '{$1}'));
  const own = `/${segments.join('/')}`;
  // The global prefix (api/v1) is in the document's paths but not in the controllers'. Of the paths ending so, the
  // shortest: `/partners` is `/api/v1/partners`, not `/api/v1/reports/partners`, which ends the same.
  const path = Object.keys(document.paths)
    .filter((candidate) => candidate === own || (candidate.endsWith(own) && !candidate.slice(0, -own.length).includes('{')))
    .sort((a, b) => a.length - b.length)[0];
  const verb = RequestMethod[method]?.toLowerCase() as keyof OpenAPIObject['paths'][string] | undefined;
  const operation = path && verb ? (document.paths[path][verb] as Operation | undefined) : undefined;
  return operation ? { path: own, operation } : undefined;
}

/** Keeps the schemas the API's operations reach; internal message classes stay out of the public document. */
function referencedOnly(document: OpenAPIObject, schemas: Record<string, object>): Record<string, object> {
  const kept: Record<string, object> = {};
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') {
        const name = value.replace('#/components/schemas/', '');
        if (!kept[name] && schemas[name]) {
          kept[name] = schemas[name];
          visit(schemas[name]);
        }
      } else visit(value);
    }
  };
  visit(document.paths);
  visit(document.components?.responses);
  return kept;
}
