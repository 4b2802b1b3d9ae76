import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { suiteEnv } from './suite';

const ROOT = path.resolve(__dirname, '../../..');

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface RunningApp {
  process: ChildProcess;
  port: number;
  logs: string[];
  env: NodeJS.ProcessEnv;
}

/**
 * Runs built apps (`dist/apps/<name>/main.js`, made by `npm run build`; `npm test` builds first) as real
 * processes on free ports, in this suite's schemas and namespace: the platform as it runs in production.
 */
export class PlatformUnderTest {
  private readonly apps = new Map<string, RunningApp>();

  constructor(private readonly sharedEnv: NodeJS.ProcessEnv = {}) {}

  /** Starts an app and waits until `/health/ready` answers 200. */
  async start(name: string, env: NodeJS.ProcessEnv = {}): Promise<void> {
    const port = this.apps.get(name)?.port ?? (await freePort());
    const appEnv = suiteEnv(name, { LOG_LEVEL: 'info', ...this.sharedEnv, ...env, PORT: String(port) });
    if (name === 'gateway') appEnv.DB_SCHEMA = suiteEnv('iam').DB_SCHEMA;
    const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'apps', name, 'main.js')], {
      env: appEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const logs = this.apps.get(name)?.logs ?? [];
    let buffered = '';
    const collect = (chunk: Buffer): void => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      logs.push(...lines);
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    this.apps.set(name, { process: child, port, logs, env: appEnv });
    await this.waitReady(name, 30_000);
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
    const app = this.get(name);
    const child = app.process;
    if (child.exitCode !== null || child.signalCode !== null) {
      return { code: child.exitCode, signal: child.signalCode, killed: false };
    }
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    child.kill('SIGTERM');
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, 15_000);
    const result = await exited;
    clearTimeout(timer);
    return { ...result, killed };
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.apps.keys()].map((name) => this.stop(name)));
  }

  private get(name: string): RunningApp {
    const app = this.apps.get(name);
    if (!app) throw new Error(`${name} was not started`);
    return app;
  }

  private async waitReady(name: string, timeoutMs: number): Promise<void> {
    const app = this.get(name);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (app.process.exitCode !== null) {
        throw new Error(`${name} exited with ${app.process.exitCode}:\n${app.logs.slice(-20).join('\n')}`);
      }
      try {
        const response = await fetch(`${this.url(name)}/health/ready`);
        if (response.status === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${name} was not ready within ${timeoutMs} ms:\n${app.logs.slice(-20).join('\n')}`);
  }
}
