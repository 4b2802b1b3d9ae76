// Types of processes.mjs for the TypeScript that imports it (platform.ts); the tools run the JavaScript as is.
import type { ChildProcess } from 'node:child_process';

/** How a process ended. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** "exited with code 1", "was killed by SIGTERM", "could not be run (...)". */
  how: string;
}

/** A process started by `startProcess`. */
export interface StartedProcess {
  name: string;
  child: ChildProcess;
  port: number;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The lines it printed, unless `onLine` took them. */
  logs: string[];
  exited: Promise<ProcessExit>;
}

export interface WaitReadyOptions {
  name?: string;
  child?: ChildProcess;
  /** Quoted (the last 20 lines) when the process does not become ready. */
  logs?: string[];
  timeoutMs?: number;
  intervalMs?: number;
  signal?: AbortSignal;
}

export interface StartProcessOptions {
  name: string;
  script: string;
  port: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  nodeArgs?: string[];
  detached?: boolean;
  readyPath?: string;
  timeoutMs?: number;
  intervalMs?: number;
  signal?: AbortSignal;
  logs?: string[];
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  onSpawn?: (started: StartedProcess) => void;
  /**
   * A Saleswire app, which logs the port it listens on: wait for that line first. With `port: 0` the app lets the
   * system choose and the port is learnt from it (no race with another process for a port chosen beforehand).
   */
  announcesPort?: boolean;
}

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number>;

/** Resolves, never rejects, once the child is gone and its output read. */
export function exitOf(child: ChildProcess): Promise<ProcessExit>;

/** Resolves once `url` answers 200; rejects when `child` ends first, after `timeoutMs`, or when `signal` aborts. */
export function waitReady(url: string, options?: WaitReadyOptions): Promise<void>;

/** Runs `node [...nodeArgs] script` with `PORT=port`, collects its lines, and resolves once it answers 200 on `readyPath`. */
export function startProcess(options: StartProcessOptions): Promise<StartedProcess>;

/** Sends SIGTERM, SIGKILLs after `timeoutMs`, and answers how the process ended. */
export function stopProcess(
  started: Pick<StartedProcess, 'child' | 'exited'>,
  options?: { timeoutMs?: number },
): Promise<{ code: number | null; signal: NodeJS.Signals | null; killed: boolean }>;
