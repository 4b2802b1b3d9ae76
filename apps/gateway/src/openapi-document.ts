import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { loadConfig } from './config';
import { OPENAPI_EXAMPLES, useGlobalPrefix } from './gateway-app';
import { buildOpenApiDocument } from './http/openapi';

/**
 * The gateway's OpenAPI document, as `/api/docs-json` serves it, built without PostgreSQL or NATS: Nest's preview
 * mode reads the modules and routes and creates no provider, so nothing connects (tools/openapi.mjs, the SDK's
 * types, the document's own tests).
 */
export async function generateOpenApiDocument(env: NodeJS.ProcessEnv = {}): Promise<OpenAPIObject> {
  const app = await NestFactory.create(AppModule.forRoot(loadConfig(env)), new FastifyAdapter(), { preview: true, logger: false, abortOnError: false });
  try {
    useGlobalPrefix(app);
    return buildOpenApiDocument(app, OPENAPI_EXAMPLES);
  } finally {
    await app.close();
  }
}
