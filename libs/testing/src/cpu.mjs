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
  const owner = new Map();
  for (const [name, ids] of Object.entries(pids)) for (const pid of [ids].flat()) owner.set(String(pid), name);
  const ticks = Object.fromEntries([...Object.keys(pids), ...Object.keys(comms)].map((name) => [name, 0]));
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // the process ended meanwhile
    }
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const used = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    if (owner.has(entry)) ticks[owner.get(entry)] += used;
    for (const [name, prefix] of Object.entries(comms)) if (comm.startsWith(prefix)) ticks[name] += used;
  }
  return Object.fromEntries(Object.entries(ticks).map(([name, t]) => [name, t / 100]));
}
