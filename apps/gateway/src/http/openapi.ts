import { RequestMethod, type INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { InputExample } from '@saleswire/contracts';
// class-transformer exports its storage only by path; it is what lets nested classes become $refs.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as typeof import('class-transformer/types/storage');
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';

/**
 * OpenAPI at `/api/docs` (JSON at `/api/docs-json`). Request schemas are derived from the same
 * class-validator decorators that validate the requests, so the document cannot drift from the checks; each
 * body's schema shows its class's valid example (the fuzz suite starts from them).
 */
export function setupOpenApi(app: INestApplication, examples: readonly InputExample[] = []): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Saleswire API')
    .setDescription('The gateway of Saleswire: leads, deals, customers, partners and reports. See API.md.')
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }, 'api-key')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  const schemas = validationMetadatasToSchemas({
    refPointerPrefix: '#/components/schemas/',
    classTransformerMetadataStorage: defaultMetadataStorage,
  });
  const all: Record<string, object> = { ...document.components?.schemas, ...(schemas as Record<string, object>) };
  for (const { input, example } of examples) if (all[input.name]) all[input.name] = { ...all[input.name], example };
  textBodiesAsText(document);
  documentQueries(app, document, all);
  document.components = { ...document.components, schemas: referencedOnly(document.paths, all) };
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return document;
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

/**
 * Lists each `@Query()` class's fields as the operation's query parameters. Nest's document reads them from
 * @ApiProperty only, which contracts (plain classes) do not carry, so the lists' filters were missing from it.
 */
function documentQueries(app: INestApplication, document: OpenAPIObject, schemas: Record<string, object>): void {
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      if (typeof metatype !== 'function') continue;
      const prototype = metatype.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        const method: unknown = typeof handler === 'function' ? Reflect.getMetadata(METHOD_METADATA, handler) : undefined;
        if (typeof method !== 'number') continue;
        const query = queryClassOf(metatype, name);
        const schema = query ? (schemas[query.name] as SchemaOf | undefined) : undefined;
        const operation = schema ? operationOf(document, metatype, handler as object, method) : undefined;
        if (!schema || !operation) continue;
        const named = new Set((operation.parameters ?? []).map((p) => ('name' in p ? p.name : '')));
        for (const [field, property] of Object.entries(schema.properties ?? {})) {
          if (named.has(field)) continue;
          (operation.parameters ??= []).push({ name: field, in: 'query', required: schema.required?.includes(field) ?? false, schema: property });
        }
      }
    }
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

/** The document's operation for a handler: its controller's and its own paths, under the global prefix. */
function operationOf(document: OpenAPIObject, controller: object, handler: object, method: number): OpenAPIObject['paths'][string]['get'] {
  const segments = [Reflect.getMetadata(PATH_METADATA, controller), Reflect.getMetadata(PATH_METADATA, handler)]
    .flatMap((path: unknown) => (typeof path === 'string' ? path.split('/') : []))
    .filter((segment) => segment !== '')
    .map((segment) => segment.replace(/^:(.+)$/, '{$1}'));
  const own = `/${segments.join('/')}`;
  // The global prefix (api/v1) is in the document's paths but not in the controllers'.
  const path = Object.keys(document.paths).find((candidate) => candidate === own || (candidate.endsWith(own) && !candidate.slice(0, -own.length).includes('{')));
  const verb = RequestMethod[method]?.toLowerCase() as keyof OpenAPIObject['paths'][string] | undefined;
  return path && verb ? (document.paths[path][verb] as OpenAPIObject['paths'][string]['get']) : undefined;
}

/** Keeps the schemas the API's operations reach; internal message classes stay out of the public document. */
function referencedOnly(paths: object, schemas: Record<string, object>): Record<string, object> {
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
  visit(paths);
  return kept;
}
