import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  createServiceApp,
  messagingConfigFromEnv,
  RpcClient,
  startServiceApp,
  type MessagingConfig,
  type ServiceAppOptions,
} from '@saleswire/messaging';
import { Metrics } from '@saleswire/observability';
import { suiteEnv } from './suite';

/** Boots an app in this process as its `main.ts` does, on a free loopback port, with quiet logs. */
export async function bootInProcess(
  module: ServiceAppOptions['module'],
  config: { messaging: MessagingConfig },
): Promise<NestFastifyApplication> {
  const app = await createServiceApp({ module, messaging: config.messaging, logLevel: 'silent', answersRequests: true });
  await startServiceApp(app, 0, '127.0.0.1');
  return app;
}

/** A request/reply client like the gateway's, in this suite's namespace. */
export function gatewayRpcClient(): RpcClient {
  return new RpcClient(messagingConfigFromEnv(suiteEnv('gateway'), 'test-gateway'), new Metrics('test'));
}
