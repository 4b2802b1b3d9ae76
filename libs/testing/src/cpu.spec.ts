import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { once } from 'node:events';
import { cpuSeconds, schedulerCounts, schedulerUsed } from './cpu.mjs';

/** A process that keeps one core busy until it is killed, started once it said so. */
async function spinner(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', 'process.stdout.write("spinning\\n"); for (;;) {}'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await once(child.stdout!, 'data');
  return child;
}

const busyFor = (ms: number): void => {
  for (const until = Date.now() + ms; Date.now() < until; );
};

describe('cpuSeconds and schedulerCounts: what the bench reads of each process from /proc', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
  });

  it('should count the CPU a process used, per name', () => {
    const before = cpuSeconds({ pids: { me: process.pid } }).me;
    busyFor(300);
    const used = cpuSeconds({ pids: { me: process.pid } }).me - before;

    // Clock ticks of 10 ms: 300 ms busy are at least 0.2 s, whatever the machine's load.
    expect(used).toBeGreaterThanOrEqual(0.2);
  });

  it('should count the time busy processes waited for a core when there are more of them than cores', async () => {
    const cores = availableParallelism();
    children.push(...(await Promise.all(Array.from({ length: 3 * cores + 3 }, spinner))));
    const pids = { spinners: children.map((child) => child.pid!) };
    const before = schedulerCounts({ pids });
    const cpuBefore = cpuSeconds({ pids });
    await new Promise((resolve) => setTimeout(resolve, 600));
    const after = schedulerCounts({ pids });
    const cpuUsed = cpuSeconds({ pids }).spinners - cpuBefore.spinners;
    const used = schedulerUsed(after.spinners, before.spinners);

    // Three times as many spinners as cores and three more: at any moment at least twice as many of them wait as run,
    // so together they waited at least twice as long as they ran (schedstat's other time, read by mistake, would be
    // as long), and the kernel took cores from them to share them out. Other load on the machine only adds to their wait.
    expect(cpuUsed).toBeGreaterThan(0.1);
    expect(used.waitSeconds).toBeGreaterThan(1.5 * cpuUsed);
    expect(used.preempted).toBeGreaterThan(0);
    expect(used.waitSeconds).toBeCloseTo(after.spinners.waitSeconds - before.spinners.waitSeconds, 6);
  });

  it('should count between two readings only the processes of both, as processes come and go', async () => {
    const [stays, goes, comes] = [await spinner(), await spinner(), await spinner()];
    children.push(stays, goes, comes);
    comes.kill('SIGSTOP');
    const before = schedulerCounts({ pids: { group: [stays.pid!, goes.pid!] } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    goes.kill('SIGKILL');
    await once(goes, 'exit');
    comes.kill('SIGCONT');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const after = schedulerCounts({ pids: { group: [stays.pid!, goes.pid!, comes.pid!] } });
    const used = schedulerUsed(after.group, before.group);

    // The one that ended is in neither sum's difference, the one that came only in the second reading: what remains
    // is the one present throughout, which a plain difference of the sums would get wrong either way.
    expect(Object.keys(after.group.processes)).toEqual([String(stays.pid), String(comes.pid)].sort((a, b) => Number(a) - Number(b)));
    const stayed = after.group.processes[String(stays.pid)];
    const stayedBefore = before.group.processes[String(stays.pid)];
    expect(used.waitSeconds).toBeCloseTo(stayed.waitSeconds - stayedBefore.waitSeconds, 9);
    expect(used.preempted).toBe(stayed.preempted - stayedBefore.preempted);
  });

  it('should name processes by the start of their command name, and count none for a name nothing has', () => {
    const counts = schedulerCounts({ pids: { me: process.pid }, comms: { nothing: 'no-such-command-' } });

    expect(counts.nothing).toEqual({ waitSeconds: 0, preempted: 0, processes: {} });
    expect(counts.me.waitSeconds).toBeGreaterThanOrEqual(0);
    expect(cpuSeconds({ comms: { nothing: 'no-such-command-' } }).nothing).toBe(0);
  });
});
