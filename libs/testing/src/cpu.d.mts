// Types of cpu.mjs for the TypeScript that imports it; the tools run the JavaScript as is.

/**
 * CPU seconds (user + system, ended children included) used so far, summed per name: `pids` names processes by id,
 * `comms` by the start of their command name. One pass over /proc.
 */
export function cpuSeconds<P extends string = never, C extends string = never>(options: {
  pids?: Partial<Record<P, number | number[]>>;
  comms?: Partial<Record<C, string>>;
}): Record<P | C, number>;

/** One name's or one process's scheduler counts. */
export interface SchedulerCount {
  waitSeconds: number;
  preempted: number;
}

/**
 * Per name as `cpuSeconds` names them, over all threads: seconds spent ready to run but waiting for a core, and the
 * times the kernel took a core from them while they had work (nonvoluntary context switches); each process's own in
 * `processes`, by id.
 */
export function schedulerCounts<P extends string = never, C extends string = never>(options: {
  pids?: Partial<Record<P, number | number[]>>;
  comms?: Partial<Record<C, string>>;
}): Record<P | C, SchedulerCount & { processes: Record<string, SchedulerCount> }>;

/** What one name's processes present in both readings waited and were preempted between them. */
export function schedulerUsed(
  after: SchedulerCount & { processes: Record<string, SchedulerCount> },
  before: SchedulerCount & { processes: Record<string, SchedulerCount> },
): SchedulerCount;
