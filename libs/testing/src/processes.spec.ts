import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LISTENING_ON } from '@saleswire/messaging';
import { startProcess, stopProcess, type StartedProcess } from './processes.mjs';

/**
 * A stand-in for a Saleswire app: listens on `PORT` (0: the system chooses), logs the line startServiceApp logs
 * once it listens, answers every path with its `WHO`; exits with code 1 when the port is taken.
 */
const APP = `
const http = require('node:http');
const server = http.createServer((request, response) => response.end(process.env.WHO));
server.on('error', (error) => { console.error(error.message); process.exit(1); });
server.listen(Number(process.env.PORT), '127.0.0.1', () =>
  console.log(JSON.stringify({ context: 'Http', msg: '${LISTENING_ON} ' + server.address().port })));
`;

describe('startProcess with announcesPort: the port an app listens on is the one it says', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'saleswire-processes-'));
  const script = path.join(dir, 'app.js');
  writeFileSync(script, APP);
  const running: StartedProcess[] = [];

  afterEach(async () => {
    await Promise.all(running.splice(0).map((started) => stopProcess(started)));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('should learn the port the system chose when started with port 0', async () => {
    const started = await startProcess({ name: 'app', script, port: 0, env: { ...process.env, WHO: 'the app' }, announcesPort: true, timeoutMs: 10_000 });
    running.push(started);

    expect(started.port).toBeGreaterThan(0);
    expect(started.url).toBe(`http://127.0.0.1:${started.port}`);
    await expect((await fetch(`${started.url}/health/ready`)).text()).resolves.toBe('the app');
  });

  it('should fail, not take the other for it, when another process answers on the port it was given', async () => {
    const impostor = http.createServer((request, response) => response.end('someone else'));
    await new Promise<void>((resolve) => impostor.listen(0, '127.0.0.1', resolve));
    const { port } = impostor.address() as AddressInfo;
    try {
      await expect(
        startProcess({ name: 'app', script, port, env: { ...process.env, WHO: 'the app' }, announcesPort: true, timeoutMs: 10_000 }),
      ).rejects.toThrow(/app exited with code 1 before it was listening/);
    } finally {
      await new Promise((resolve) => impostor.close(resolve));
    }
  });
});
