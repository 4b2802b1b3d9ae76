import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { NestFactory } from '@nestjs/core';
import { Metrics } from '@saleswire/observability';
import { AppModule } from './app.module';
import { loadConfig } from './config';
import { appliedIn, ReadModelRebuild, REBUILD_METRICS, startAttached, type Replayer } from './rebuild/read-model-rebuild';

/** Set in a forked replayer's environment: the rebuild's name, whose durables it pulls from. */
const REPLAYER_OF = 'SALESWIRE_REBUILD_REPLAYER_OF';
/** How long a replayer asked to stop may take to finish the events in its hands before the rebuild gives up. */
const STOP_TIMEOUT_MS = 120_000;

/**
 * `npm run reporting:rebuild`: replays every stream into fresh read-model tables beside the live ones, switches
 * to them in one transaction and drops the old ones (ADR 0012). The running replicas keep answering and consuming
 * throughout; this process also consumes as one more replica while it runs. With `REBUILD_WORKERS=n` the first
 * pass (the facts) is replayed by this process and n − 1 forked ones, one core each.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const replayerOf = process.env[REPLAYER_OF];
  const workers = replayerOf ? 1 : workersFrom(process.env.REBUILD_WORKERS);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { bufferLogs: false });
  app.enableShutdownHooks();
  try {
    const rebuild = app.get(ReadModelRebuild);
    if (replayerOf) return await replay(rebuild, replayerOf);
    const { events, seconds } = await rebuild.run({
      replayers: async (name) => Promise.all(Array.from({ length: workers - 1 }, () => forkReplayer(name))),
    });
    console.log(`reporting: read models rebuilt from ${events} events in ${seconds.toFixed(1)} s (${Math.round(events / Math.max(seconds, 0.001))} events/s)`);
  } finally {
    await app.close();
    // A replayer's channel to its parent would keep it alive.
    if (process.connected) process.disconnect();
  }
}

/** `REBUILD_WORKERS`: the processes replaying the facts, this one included (1 when unset). */
function workersFrom(value: string | undefined): number {
  const workers = Number(value ?? 1);
  if (!Number.isInteger(workers) || workers < 1 || workers > 32) throw new Error(`REBUILD_WORKERS must be a whole number from 1 to 32, not ${value}`);
  return workers;
}

/** A forked replayer's life: pulls the rebuild's facts until its parent says stop (or goes away); tells its share. */
async function replay(rebuild: ReadModelRebuild, name: string): Promise<void> {
  // Its own count, apart from this process's live consumer.
  const metrics = new Metrics(REBUILD_METRICS);
  const consumer = rebuild.replayFacts(name, metrics);
  await startAttached(consumer);
  process.send?.('started');
  await new Promise<void>((resolve) => {
    process.once('message', () => resolve());
    process.once('disconnect', () => resolve());
  });
  await consumer.stop();
  const applied = await appliedIn(metrics);
  console.log(`reporting: a replayer of ${name} applied ${applied} events`);
  process.send?.({ applied });
}

/**
 * This script forked as a replayer of `name`; resolves once it pulls. One that dies on the way loses nothing: what
 * it held unacknowledged goes back to the durable after its ack wait and the others apply it (the pass waits for
 * that). Its `stop` resolves once it has exited, or fails the rebuild if it must be killed: a transaction cut
 * short then might still commit facts while they are being summed.
 */
function forkReplayer(name: string): Promise<Replayer> {
  const child = fork(process.argv[1], [], { env: { ...process.env, [REPLAYER_OF]: name }, stdio: 'inherit' });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // What it applied, told just before it exits (nothing if it died).
  let applied = 0;
  child.on('message', (message: { applied?: number }) => (applied = message?.applied ?? applied));
  return new Promise<Replayer>((resolve, reject) => {
    child.once('message', () => {
      void exited.then((code) => code !== 0 && console.warn(`reporting: a replayer of the rebuild exited with ${code}; the others apply its events`));
      resolve({ stop: async () => (await stopReplayer(child, exited), applied) });
    });
    void exited.then((code) => reject(new Error(`a replayer exited (${code}) before it started`)));
  });
}

async function stopReplayer(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.send('stop');
  let killed = false;
  const timer = setTimeout(() => {
    killed = child.kill('SIGKILL');
  }, STOP_TIMEOUT_MS);
  await exited.finally(() => clearTimeout(timer));
  if (killed) throw new Error(`a replayer did not stop within ${STOP_TIMEOUT_MS / 1000} s and was killed; run the rebuild again`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
