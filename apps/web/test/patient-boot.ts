// Booting the platform on a busy machine: the platform's 30 s readiness deadline is the usual one, but with
// eight people on two cores a service can take longer to answer /health/ready. A start that missed it leaves
// its process running; this waits for that same process a while longer instead of failing the whole file.
import type { PlatformUnderTest } from '@saleswire/testing';

const MORE_MS = 120_000;

async function readyAt(url: string, deadline: number): Promise<void> {
  for (;;) {
    const ok = await fetch(url).then((answer) => answer.ok, () => false);
    if (ok) return;
    if (Date.now() >= deadline) throw new Error(`${url} did not answer 200 in time`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** As browser.ts's bootPlatform, each app given up to two more minutes past the platform's deadline. */
export async function bootPatiently(platform: PlatformUnderTest): Promise<string> {
  for (const app of ['leads', 'deals', 'partners', 'reporting', 'gateway']) {
    try {
      await platform.start(app);
    } catch (error) {
      if (!/did not answer 200/.test((error as Error).message)) throw error;
      await readyAt(`${platform.url(app)}/health/ready`, Date.now() + MORE_MS);
    }
  }
  return platform.url('gateway');
}
