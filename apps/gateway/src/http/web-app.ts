import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The web app (apps/web, built into dist/apps/web) served by the gateway at `/`, same origin as the API (issue
 * 13, ADR 0021): its hashed assets cached for a year, any other path outside the API answered with index.html so
 * that a bookmarked page (`/deals/…`) opens, and every page under a CSP stricter than the API's: no inline style
 * either. `.br`/`.gz` siblings made by the build are sent to browsers that accept them.
 */
export interface WebAppConfig {
  /** WEB_ROOT: the built app's directory; null (or a directory without index.html) serves no app. */
  webRoot: string | null;
}

/** Paths the app never answers: the API, its docs, health and metrics keep their own 404 problem. */
const NOT_THE_APP = /^\/(api|health|metrics)(\/|$)/;

/** The app's policy: everything from this origin only, nothing inline, no frames, no plugins. */
export const WEB_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "base-uri 'self'",
  "connect-src 'self'",
  "font-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "img-src 'self' data:",
  "manifest-src 'self'",
  "object-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "worker-src 'self'",
].join(';');

const YEAR_SECONDS = 365 * 24 * 3600;

/** WEB_ROOT, else dist/apps/web of the directory the gateway runs in (the repository, or /app in the image). */
export function webRootFromEnv(env: NodeJS.ProcessEnv): string | null {
  if (env.WEB_ROOT === '') return null;
  return path.resolve(env.WEB_ROOT ?? path.join('dist', 'apps', 'web'));
}

/** Registers the app's routes when its build is there; answers whether it did. */
export async function installWebApp(app: NestFastifyApplication, config: WebAppConfig): Promise<boolean> {
  if (config.webRoot === null || !existsSync(path.join(config.webRoot, 'index.html'))) return false;
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  await fastify.register(fastifyStatic, { root: config.webRoot, serve: false, preCompressed: true, index: false });

  const page = (reply: FastifyReply): FastifyReply => reply.header('Content-Security-Policy', WEB_CONTENT_SECURITY_POLICY);

  fastify.get('/assets/*', (request: FastifyRequest<{ Params: { '*': string } }>, reply) =>
    // File names carry their content's hash: a new build is new names, so a year is safe.
    page(reply).sendFile(path.posix.join('assets', request.params['*']), { maxAge: YEAR_SECONDS * 1000, immutable: true }),
  );
  fastify.get('/*', (request: FastifyRequest<{ Params: { '*': string } }>, reply) => {
    if (NOT_THE_APP.test(request.url)) return reply.callNotFound();
    // index.html is asked again every time, so that a new build's asset names are found at once.
    return page(reply).header('Cache-Control', 'no-cache').sendFile('index.html', { cacheControl: false });
  });
  return true;
}
