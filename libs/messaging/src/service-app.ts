import { Logger, type INestApplication, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyServerOptions } from 'fastify';
import { installHttpCorrelation, JsonLogger, Metrics } from '@saleswire/observability';
import type { MessagingConfig } from './messaging.config';
import { NATS_CONNECTION_OPTIONS } from './jetstream/nats.connection';
import { NamespacedNatsServer } from './rpc/namespaced-nats.server';

export interface ServiceAppOptions {
  /** The app's root module (a class or a dynamic module). */
  module: Parameters<typeof NestFactory.create>[0];
  messaging: MessagingConfig;
  logLevel: LogLevel | 'silent';
  /** The app answers NATS requests (`@MessagePattern`) in its queue group. */
  answersRequests: boolean;
  /** Largest HTTP body accepted, in bytes. */
  bodyLimit?: number;
  /** Log one line per HTTP request at info (the gateway, whose requests are the API's). */
  accessLog?: boolean;
  /**
   * Which proxies to believe about the client's address (`X-Forwarded-For`): Fastify's `trustProxy` — `true` or
   * comma-separated addresses/CIDRs. Off by default: a client talking to the app directly could name any address.
   */
  trustProxy?: boolean | string;
  /**
   * How Fastify answers what never reaches a route (a path it cannot decode, a parameter over its length, a
   * request Node's parser refuses): the gateway answers them as problem documents, like everything else.
   */
  frameworkErrors?: FastifyServerOptions['frameworkErrors'];
  clientErrorHandler?: FastifyServerOptions['clientErrorHandler'];
}

/**
 * Creates a Saleswire app the same way for `main.ts` and for tests: Fastify, JSON logs with correlation
 * ids, request timing, a NATS request/reply listener in the service's queue group, and graceful shutdown.
 * The caller then calls `listen`.
 */
export async function createServiceApp(options: ServiceAppOptions): Promise<NestFastifyApplication> {
  const logger = new JsonLogger(options.messaging.service, options.logLevel);
  const app = await NestFactory.create<NestFastifyApplication>(
    options.module,
    new FastifyAdapter({
      bodyLimit: options.bodyLimit ?? 1_048_576,
      trustProxy: options.trustProxy ?? false,
      ...(options.frameworkErrors ? { frameworkErrors: options.frameworkErrors } : {}),
      ...(options.clientErrorHandler ? { clientErrorHandler: options.clientErrorHandler } : {}),
    }),
    { logger, abortOnError: false },
  );
  const accessLog = options.accessLog ? new Logger('Http') : undefined;
  installHttpCorrelation(app.getHttpAdapter().getInstance(), app.get(Metrics), accessLog);
  if (options.answersRequests) {
    app.connectMicroservice(
      {
        strategy: new NamespacedNatsServer({
          servers: options.messaging.natsUrl.split(','),
          name: `${options.messaging.service}-rpc-server`,
          namespace: options.messaging.namespace,
          queue: options.messaging.service,
          // The server waits for the requests in hand itself (NamespacedNatsServer.close), not a fixed period.
          gracefulShutdown: false,
          ...NATS_CONNECTION_OPTIONS,
        }),
      },
      { inheritAppConfig: true },
    );
  }
  app.enableShutdownHooks();
  return app;
}

/**
 * Starts the NATS listener and the HTTP server, then logs the port it listens on: with `PORT=0` the system chooses
 * a free one, and this line is how a supervisor (the end-to-end suites' PlatformUnderTest) learns which.
 */
export async function startServiceApp(app: INestApplication, port: number, host = '0.0.0.0'): Promise<void> {
  await app.startAllMicroservices();
  await app.listen(port, host);
  const address = app.getHttpServer().address() as { port: number } | string | null;
  new Logger('Http').log(`${LISTENING_ON} ${typeof address === 'object' && address ? address.port : port}`);
}

/** The start of the line an app logs once it listens; the port follows. */
export const LISTENING_ON = 'Listening on port';

/** What each app's `main.ts` does: create the app from its config and serve until a signal stops it. */
export async function runService(
  config: { port: number; host: string; logLevel: LogLevel | 'silent'; messaging: MessagingConfig },
  module: ServiceAppOptions['module'],
  options: { answersRequests: boolean; bodyLimit?: number },
): Promise<void> {
  const app = await createServiceApp({ module, messaging: config.messaging, logLevel: config.logLevel, ...options });
  await startServiceApp(app, config.port, config.host);
}
