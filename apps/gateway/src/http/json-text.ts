import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { JsonText } from '@saleswire/messaging';

/**
 * The gateway's answers are written as JSON, except a `JsonText` — a service's answer passed on as the service wrote
 * it (`RpcClient.sendJson`) — whose text is the body as it is. Parsed and written again, a report's 20–120 KB cost the
 * gateway 0.15–0.9 ms of CPU a request (docs/benchmarks.md, "2026-12-05, morning"). Fastify sets the JSON content type
 * for either, and calls this for 2xx answers only; problems are written by the problem filter.
 */
export function installJsonText(app: NestFastifyApplication): void {
  app
    .getHttpAdapter()
    .getInstance()
    .setReplySerializer((payload: unknown) => (payload instanceof JsonText ? payload.text : JSON.stringify(payload)));
}
