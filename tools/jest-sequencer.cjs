// The order Jest starts the suites in. Two workers share 760–1,500 suite-seconds (as fast as the machine is), so a long suite started last
// leaves the other worker idle for its length. Jest runs the slowest first when its cache knows their times; a
// clean clone (CI) has no cache, and Jest then goes by file size, which put an end-to-end suite of a minute or more
// at the end (870 s of Jest where a run with the cache took 775 s). Without a time, a suite's kind stands in for it:
// end-to-end suites (a platform booted, 20–90 s) first, then integration suites (PostgreSQL and NATS, 5–70 s), then
// unit suites; by file size within a kind. The web app's browser suites are one small file that runs them all
// against one platform (apps/web/test/browser.e2e-spec.ts, 50 s alone): by its size it would start last of the
// end-to-end suites, so it is named first.
const Sequencer = require('@jest/test-sequencer').default;
const { statSync } = require('node:fs');

const BASE_MS = [
  [/[\\/]apps[\\/]web[\\/]test[\\/]browser\.e2e-spec\.ts$/, 100_000],
  [/\.e2e-spec\.ts$/, 40_000],
  [/\.integration-spec\.ts$/, 10_000],
];

class SlowestFirst extends Sequencer {
  time(test) {
    const known = super.time(test);
    if (known != null) return known;
    const base = BASE_MS.find(([pattern]) => pattern.test(test.path))?.[1] ?? 1_000;
    let size = 0;
    try {
      size = statSync(test.path).size;
    } catch {
      // A file gone since it was found: its kind alone.
    }
    return base + size / 10;
  }
}

module.exports = SlowestFirst;
