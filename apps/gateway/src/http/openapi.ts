import type { INestApplication } from '@nestjs/common';
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
    .build();
  const document = SwaggerModule.createDocument(app, config);
  const schemas = validationMetadatasToSchemas({
    refPointerPrefix: '#/components/schemas/',
    classTransformerMetadataStorage: defaultMetadataStorage,
  });
  const all: Record<string, object> = { ...document.components?.schemas, ...(schemas as Record<string, object>) };
  for (const { input, example } of examples) if (all[input.name]) all[input.name] = { ...all[input.name], example };
  textBodiesAsText(document);
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
