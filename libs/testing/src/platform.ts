import path from 'node:path';
// The process helpers are shared with `npm start` and `npm run bench`, which run without a TypeScript step.
import { startProcess, stopProcess, type StartedProcess } from './processes.mjs';
import { suiteEnv } from './suite';

const ROOT = path.resolve(__dirname, '../../..');

interface RunningApp {
  started: StartedProcess;
  port: number;
  logs: string[];
  env: NodeJS.ProcessEnv;
}

/** How long an app may take to become ready: 30 s, or `E2E_READY_TIMEOUT_MS` on a loaded machine. */
export const APP_READY_MS = Number(process.env.E2E_READY_TIMEOUT_MS) || 30_000;

/**
 * A `beforeAll` that boots apps in two waves (the services, then the gateway) and signs in: a fixed 60 s failed on
 * a loaded machine where `E2E_READY_TIMEOUT_MS` let each app take longer.
 */
export const BOOT_HOOK_MS = 2 * APP_READY_MS + 30_000;

/**
 * Runs built apps (`dist/apps/<name>/main.js`, made by `npm run build`; `npm test` builds first) as real
 * processes on free ports, in this suite's schemas and namespace: the platform as it runs in production.
 */
export class PlatformUnderTest {
  private readonly apps = new Map<string, RunningApp>();

  /**
   * `startTimeoutMs`: how long an app may take to be ready (30 s, or `E2E_READY_TIMEOUT_MS` on a loaded machine;
   * the browser suites, which start all five on a busy machine, give more).
   */
  constructor(
    private readonly sharedEnv: NodeJS.ProcessEnv = {},
    private readonly startTimeoutMs = APP_READY_MS,
  ) {}

  /**
   * Starts an app and waits until `/health/ready` answers 200. The first start lets the system choose the port
   * (`PORT=0`) and learns it from the app's log; a restart keeps it, so the app's URL stays the same.
   */
  async start(name: string, env: NodeJS.ProcessEnv = {}): Promise<void> {
    const port = this.apps.get(name)?.port ?? 0;
    const appEnv = suiteEnv(name, { LOG_LEVEL: 'info', ...this.sharedEnv, ...env, PORT: String(port) });
    if (name === 'gateway') appEnv.DB_SCHEMA = suiteEnv('iam').DB_SCHEMA;
    // A restarted app keeps adding to the same log, so a test sees what it printed before and after.
    const logs = this.apps.get(name)?.logs ?? [];
    const started = await startProcess({
      name,
      script: path.join(ROOT, 'dist', 'apps', name, 'main.js'),
      port,
      env: appEnv,
      logs,
      timeoutMs: this.startTimeoutMs,
      announcesPort: true,
      onSpawn: (spawned) => this.apps.set(name, { started: spawned, port, logs, env: appEnv }),
    });
    this.apps.set(name, { started, port: started.port, logs, env: appEnv });
  }

  url(name: string): string {
    return `http://127.0.0.1:${this.get(name).port}`;
  }

  /** Every log line the app printed, parsed where it is JSON. */
  logs(name: string): Array<Record<string, unknown>> {
    return this.get(name).logs.flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [{ msg: line }];
      }
    });
  }

  /**
   * Sends SIGTERM and waits for the process to exit. Answers how it ended: Nest re-raises the signal after
   * its shutdown hooks, so a graceful stop ends with `signal: 'SIGTERM'`; `killed` means it had to be SIGKILLed.
   */
  async stop(name: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; killed: boolean }> {
    return stopProcess(this.get(name).started);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.apps.keys()].map((name) => this.stop(name)));
  }

  private get(name: string): RunningApp {
    const app = this.apps.get(name);
    if (!app) throw new Error(`${name} was not started`);
    return app;
  }
}
