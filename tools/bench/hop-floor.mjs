// The hop floor of `npm run bench` (floor-server.mjs, FLOOR_ROLE): the floor's statement through a bare front, NATS
// and a bare responder, with nothing else on the way. The least that the platform's cut — a gateway, NATS and one
// service — costs on this machine, measured beside the floor and the platform in the same run.
import path from 'node:path';

/**
 * Starts the responder and the front (each with `env` and the role), runs `work(front, processes)` and stops
 * them; answers what `work` answered. `env` names the floor's schema (FLOOR_SCHEMA), its subject (FLOOR_SUBJECT)
 * and, for reads, its rows (FLOOR_READ_ROWS, made by the responder).
 */
export async function withHopFloor({ root, env, startBenchProcess, stopProcess }, work) {
  const script = path.join(root, 'tools/bench/floor-server.mjs');
  const processes = [];
  try {
    processes.push(await startBenchProcess('floor-service', script, { ...env, FLOOR_ROLE: 'service' }, '/health'));
    processes.push(await startBenchProcess('floor-front', script, { ...env, FLOOR_ROLE: 'front', FLOOR_READ_ROWS: '0' }, '/health'));
    return await work(processes[1], processes);
  } finally {
    await Promise.all(processes.map((process) => stopProcess(process)));
  }
}
