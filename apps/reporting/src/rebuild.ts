import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { loadConfig } from './config';
import { ReadModelRebuild } from './rebuild/read-model-rebuild';

/**
 * `npm run reporting:rebuild`: replays every stream into fresh read-model tables beside the live ones, switches
 * to them in one transaction and drops the old ones (ADR 0012). The running replicas keep answering and consuming
 * throughout; this process also consumes as one more replica while it runs.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { bufferLogs: false });
  app.enableShutdownHooks();
  try {
    const { events, seconds } = await app.get(ReadModelRebuild).run();
    console.log(`reporting: read models rebuilt from ${events} events in ${seconds.toFixed(1)} s (${Math.round(events / Math.max(seconds, 0.001))} events/s)`);
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
