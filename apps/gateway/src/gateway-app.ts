import { RequestMethod, type INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { INPUT_EXAMPLES } from '@saleswire/contracts';
import { createServiceApp } from '@saleswire/messaging';
import { CREATE_API_KEY_EXAMPLE } from './api-key/dto/create-api-key.dto';
import { AppModule } from './app.module';
import { TOKEN_REQUEST_EXAMPLE } from './auth/dto/token-request.dto';
import { BATCH_EXAMPLE } from './batch/batch.dto';
import type { GatewayConfig } from './config';
import { installBrowserAccess } from './http/browser-access';
import { setupOpenApi } from './http/openapi';
import { installJsonText } from './http/json-text';
import { clientErrorAsProblem, frameworkErrorAsProblem } from './http/problem';
import { installRequestInput } from './http/request-input';
import { installWebApp } from './http/web-app';
import { CREATE_USER_EXAMPLE } from './user/dto/create-user.dto';
import { UPDATE_USER_EXAMPLE } from './user/dto/update-user.dto';

/** The gateway app as `main.ts` and the end-to-end tests create it; the caller starts it. */
export async function createGatewayApp(config: GatewayConfig): Promise<NestFastifyApplication> {
  const app = await createServiceApp({
    module: AppModule.forRoot(config),
    messaging: config.messaging,
    logLevel: config.logLevel,
    answersRequests: false,
    bodyLimit: config.bodyLimitBytes,
    accessLog: true,
    trustProxy: config.trustProxy,
    frameworkErrors: frameworkErrorAsProblem,
    clientErrorHandler: clientErrorAsProblem,
  });
  installRequestInput(app, config.bodyLimitBytes);
  installJsonText(app);
  await installBrowserAccess(app, config);
  await installWebApp(app, config);
  useGlobalPrefix(app);
  setupOpenApi(app, OPENAPI_EXAMPLES);
  return app;
}

/** Every request body's valid example, shown in the document (and where the fuzz suite starts). */
export const OPENAPI_EXAMPLES = [...INPUT_EXAMPLES, TOKEN_REQUEST_EXAMPLE, CREATE_USER_EXAMPLE, UPDATE_USER_EXAMPLE, CREATE_API_KEY_EXAMPLE, BATCH_EXAMPLE];

/** The API under `/api/v1`; health and metrics stay at the root, where probes and scrapers look. */
export function useGlobalPrefix(app: INestApplication): void {
  app.setGlobalPrefix('api/v1', {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
}
