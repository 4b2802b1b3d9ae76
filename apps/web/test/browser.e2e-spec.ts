/**
 * @jest-environment node
 */
// Every browser suite against one booted platform and one chromium. Booting the four services and the gateway took
// each suite most of its time (five boots in about 250 suite-seconds); here it is paid once. The suites live in
// test/<name>.browser.ts, which Jest does not match as test files, each a function that declares its `describe`
// and reads the platform's address and the browser through `run` once this file's `beforeAll` has booted them.
//
// They share the platform's data, so none of them may count on an empty one or on running first: each makes its own
// users (with names no other suite uses), reads its own records by name, and puts back a platform-wide setting it
// changes (the lead assignment rule, partner routing) in its `afterAll`. The order below is any order.
import { cleanupSuite } from '@saleswire/testing';
import type { Browser } from 'playwright-core';
import { BOOT_TIMEOUT_MS, bootPlatform, type BrowserRun, e2ePlatform, launchBrowser } from './browser';
import { dashboardSuite } from './dashboard.browser';
import { leadImportSuite } from './lead-import.browser';
import { managerFlowSuite } from './manager-flow.browser';
import { portalSuite } from './portal.browser';
import { shellSuite } from './shell.browser';

const platform = e2ePlatform();
let baseUrl: string | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  baseUrl = await bootPlatform(platform);
  browser = await launchBrowser();
}, BOOT_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  await platform.stopAll();
  await cleanupSuite();
});

function run(): BrowserRun {
  if (!baseUrl || !browser) throw new Error('The platform or the browser did not start (see the beforeAll above).');
  return { baseUrl, browser };
}

shellSuite(run);
managerFlowSuite(run);
portalSuite(run);
leadImportSuite(run);
dashboardSuite(run);
