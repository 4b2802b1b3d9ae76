// CPU a process used, from /proc: shared by `npm run bench` (tools/bench/costs.mjs) and the Jest benches, which run
// without and with a TypeScript step (types in cpu.d.mts).
import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU seconds (user + system) used so far, summed per name: `pids` names processes by id (a name may have
 * several), `comms` by the start of their command name. One pass over /proc. A process counts its children
 * that ended too (cutime + cstime): PostgreSQL's postmaster thus keeps the CPU of the backends that
 * disconnected, and the sum over every `postgres` process never goes back.
 */
export function cpuSeconds({ pids = {}, comms = {} }) {
  const ticks = Object.fromEntries([...Object.keys(pids), ...Object.keys(comms)].map((name) => [name, 0]));
  for (const { stat, names } of namedProcesses(pids, comms)) {
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const used = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    for (const name of names) ticks[name] += used;
  }
  return Object.fromEntries(Object.entries(ticks).map(([name, t]) => [name, t / 100]));
}

/**
 * What the scheduler did with the same processes so far, summed over all their threads and per name as
 * `cpuSeconds` names them: `waitSeconds`, the time they were ready to run but waited for a core (the run queue,
 * /proc/<pid>/task/<tid>/schedstat), and `preempted`, the times the kernel took a core from them while they still
 * had work (nonvoluntary context switches). On a machine with fewer cores than busy processes, each hop of a
 * request waits there. `processes` holds each process's own counts, for `schedulerUsed`.
 */
export function schedulerCounts({ pids = {}, comms = {} }) {
  const counts = Object.fromEntries([...Object.keys(pids), ...Object.keys(comms)].map((name) => [name, { waitSeconds: 0, preempted: 0, processes: {} }]));
  for (const { entry, names } of namedProcesses(pids, comms)) {
    let tasks;
    try {
      tasks = readdirSync(`/proc/${entry}/task`);
    } catch {
      continue;
    }
    const own = { waitSeconds: 0, preempted: 0 };
    for (const task of tasks) {
      try {
        own.waitSeconds += Number(readFileSync(`/proc/${entry}/task/${task}/schedstat`, 'utf8').split(' ')[1]) / 1e9;
        own.preempted += Number(/^nonvoluntary_ctxt_switches:\s+(\d+)/m.exec(readFileSync(`/proc/${entry}/task/${task}/status`, 'utf8'))?.[1] ?? 0);
      } catch {
        // the thread ended meanwhile
      }
    }
    for (const name of names) {
      counts[name].waitSeconds += own.waitSeconds;
      counts[name].preempted += own.preempted;
      counts[name].processes[entry] = own;
    }
  }
  return counts;
}

/**
 * What one name's processes waited and were preempted between two `schedulerCounts`: the processes of both
 * readings only (unlike CPU, a process that ended takes its counts with it, and one started meanwhile brings those
 * of its life before: PostgreSQL's backends come and go).
 */
export function schedulerUsed(after, before) {
  const used = { waitSeconds: 0, preempted: 0 };
  for (const [pid, now] of Object.entries(after.processes)) {
    const then = before.processes[pid];
    if (!then) continue;
    used.waitSeconds += now.waitSeconds - then.waitSeconds;
    used.preempted += now.preempted - then.preempted;
  }
  return used;
}

/** Each process of /proc that `pids` or `comms` names: its id, its stat line and the names it counts for. */
function* namedProcesses(pids, comms) {
  const owner = new Map();
  for (const [name, ids] of Object.entries(pids)) for (const pid of [ids].flat()) owner.set(String(pid), name);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // the process ended meanwhile
    }
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const names = Object.entries(comms)
      .filter(([, prefix]) => comm.startsWith(prefix))
      .map(([name]) => name);
    if (owner.has(entry)) names.push(owner.get(entry));
    if (names.length > 0) yield { entry, stat, names };
  }
}
