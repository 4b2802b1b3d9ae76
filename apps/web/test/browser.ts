// Browser tests' helpers: Debian's chromium driven by playwright-core (STACK.md item 20), axe-core injected into
// the page, screenshots under apps/web/test-results/ for a reviewer, and the booted platform they run against
// (one for every browser suite: browser.e2e-spec.ts).
import { PlatformUnderTest } from '@saleswire/testing';
import { chromium, type Browser, type Page } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';


export const ADMIN = { email: 'admin@web.e2e.test', password: 'admin-password-web-e2e' };

/** What a browser suite runs against: the booted platform's gateway and the chromium every suite shares. */
export interface BrowserRun {
  baseUrl: string;
  browser: Browser;
}

/** The platform as the gateway's end-to-end suites configure it: a known admin and signing key. */
export function e2ePlatform(): PlatformUnderTest {
  return new PlatformUnderTest({
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    JWT_SECRET: 'web-e2e-secret-web-e2e-secret-0123456789',
    RPC_TIMEOUT_MS: '3000',
  }, APP_START_TIMEOUT_MS);
}

/** Calls the API outside the browser (to set the scene): JSON in, JSON out, a failure thrown with its body. */
export async function apiCall<T = Record<string, unknown>>(baseUrl: string, method: string, path: string, token?: string, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : {}) as T;
}

export async function tokenFor(baseUrl: string, credentials: { email: string; password: string }): Promise<string> {
  return (await apiCall<{ accessToken: string }>(baseUrl, 'POST', '/auth/token', undefined, credentials)).accessToken;
}

/** A partner signed up through the API (partner users need an active one); answers its id. */
export async function createPartner(baseUrl: string, token: string, body: Record<string, unknown> = {}): Promise<string> {
  const partner = await apiCall<{ id: string }>(baseUrl, 'POST', '/partners', token, {
    name: `Partner ${Math.random().toString(36).slice(2, 10)}`,
    kind: 'reseller',
    tier: 'silver',
    territories: ['DE'],
    commissionRate: 0.1,
    ...body,
  });
  return partner.id;
}

/** A user made by the admin through the API; answers its id. */
export async function createUser(baseUrl: string, adminToken: string, body: { email: string; password: string; name: string; role: string; partnerId?: string }): Promise<string> {
  return (await apiCall<{ id: string }>(baseUrl, 'POST', '/users', adminToken, body)).id;
}

/** How long the `beforeAll` may take to boot the platform and the browser, and each app to be ready. */
export const BOOT_TIMEOUT_MS = 400_000;
const APP_START_TIMEOUT_MS = 75_000;

export const RESULTS_DIR = path.join(__dirname, '..', 'test-results');
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * The platform every browser test runs against: the four services and the gateway serving the built app
 * (`node tools/build.mjs` first; `npm test` does it). Give it an `e2ePlatform()` made outside `beforeAll`, so
 * that `afterAll` stops whatever started even when a start failed.
 */
export async function bootPlatform(platform: PlatformUnderTest): Promise<string> {
  // The four services at once, as the gateway's suites start them: each is given APP_START_TIMEOUT_MS (75 s) to be
  // ready, and one after another cost each browser suite 10–20 s of its boot.
  await Promise.all(['leads', 'deals', 'partners', 'reporting'].map((app) => platform.start(app)));
  await platform.start('gateway');
  return platform.url('gateway');
}

/** Headless Debian chromium (CHROMIUM_PATH overrides /usr/bin/chromium); `--no-sandbox` since CI runs as root. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'], headless: true });
}

/** A page at a laptop's width by default; its console errors and CSP violations are collected in `problems`. */
export async function openPage(browser: Browser, viewport = { width: 1366, height: 860 }, locale = 'en-US'): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport, locale, timezoneId: 'Europe/Berlin' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return { page, problems };
}

/** Saves a full-page screenshot as apps/web/test-results/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: number;
}

/**
 * axe-core's WCAG 2.x A/AA checks of the page as it is now, answering the serious and critical violations. The
 * library goes in through the DevTools protocol (page.evaluate of its source), which the page's CSP does not
 * govern: the app's own policy stays as strict as it is in production.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const { axe } = globalThis as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: unknown[] }> }> } };
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((violation) => ({ id: violation.id, impact: violation.impact, help: violation.help, nodes: violation.nodes.length }));
  });
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

/** Signs in through the form, as a person would, and waits for the shell. */
export async function signIn(page: Page, baseUrl: string, credentials: { email: string; password: string }, at = '/'): Promise<void> {
  await page.goto(`${baseUrl}${at}`);
  await page.getByLabel('Email').fill(credentials.email);
  await page.getByLabel('Password').fill(credentials.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}
