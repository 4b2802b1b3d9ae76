// The shell in a real headless chromium against the booted platform: the gateway serves the app at `/` under
// its CSP, a wrong password reads as the API's sentence, each role gets its own menu, a partner user reaches
// nothing but its portal, and the sign-in screen passes axe. Run by browser.e2e-spec.ts.
import type { Browser } from 'playwright-core';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { ADMIN, type BrowserRun, createPartner, createUser, openPage, screenshot, seriousAxeViolations, signIn, tokenFor } from './browser';

export function shellSuite(run: () => BrowserRun): void {
  describe('web: the shell (chromium, booted platform)', () => {
    let browser: Browser;
    let baseUrl: string;
    const users = {
      manager: { email: 'manager@shell.web.test', password: 'password-web-1' },
      head: { email: 'head@shell.web.test', password: 'password-web-1' },
      partner: { email: 'partner@shell.web.test', password: 'password-web-1' },
    };

    beforeAll(async () => {
      ({ baseUrl, browser } = run());
      const admin = await tokenFor(baseUrl, ADMIN);
      // Only there for its user to sign in: a routing weight of 0 keeps it out of the portal suite's lead offers.
      const partnerId = await createPartner(baseUrl, admin, { routingWeight: 0 });
      const create = (body: { email: string; password: string; name: string; role: string; partnerId?: string }) => createUser(baseUrl, admin, body);
      await create({ ...users.manager, name: 'Sina Manager', role: 'manager' });
      await create({ ...users.head, name: 'Simon Head', role: 'head_of_sales' });
      await create({ ...users.partner, name: 'Sara Partner', role: 'partner_user', partnerId });
    });

    it('should serve the app at / and a deep link under the strict CSP, and keep the API\'s 404 a problem', async () => {
      const page = await request(baseUrl).get('/deals/0194f5c8-0000-7000-8000-000000000000').expect(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.headers['content-security-policy']).toContain("style-src 'self';");
      expect(page.headers['content-security-policy']).not.toContain('unsafe-inline');
      const asset = /\/assets\/index-[\w-]+\.js/.exec(page.text)?.[0];
      const script = await request(baseUrl).get(asset!).set('Accept-Encoding', 'gzip').expect(200);
      expect(script.headers['cache-control']).toContain('immutable');
      expect(script.headers['content-encoding']).toBe('gzip');
      const api = await request(baseUrl).get('/api/v1/no-such-route').expect(404);
      expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
    });

    it('should keep the first screen under 250 KB of compressed JavaScript and CSS', async () => {
      const html = (await request(baseUrl).get('/').expect(200)).text;
      const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((match) => match[1]);
      expect(assets.some((asset) => asset.endsWith('.js'))).toBe(true);
      let gzipped = 0;
      for (const asset of assets) {
        // fetch undoes the Content-Encoding: the file as built, gzipped here at the build's level.
        const answer = await fetch(`${baseUrl}${asset}`);
        expect(answer.status).toBe(200);
        gzipped += gzipSync(Buffer.from(await answer.arrayBuffer()), { level: 9 }).length;
      }
      // Measured at 114 KB (React, React Router, TanStack Query, the SDK and the shell); pages and ECharts load later.
      expect(gzipped).toBeLessThan(250 * 1024);
    });

    it('should say the API\'s sentence for a wrong password, and pass axe on the sign-in screen', async () => {
      const { page, problems } = await openPage(browser);
      await page.goto(`${baseUrl}/`);
      await page.getByLabel('Email').fill(users.manager.email);
      await page.getByLabel('Password').fill('not-the-password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByRole('alert').textContent()).resolves.toContain('The email or password is wrong.');
      await screenshot(page, 'shell-sign-in-refused');
      expect(await seriousAxeViolations(page)).toEqual([]);
      // A refused sign-in is a 401 in the console; nothing else may be (a CSP violation would be).
      expect(problems.filter((text) => !/401/.test(text))).toEqual([]);
      await page.context().close();
    });

    it('should give a manager their own work and a head of sales the department', async () => {
      const { page } = await openPage(browser);
      await signIn(page, baseUrl, users.manager);
      await page.waitForURL(/\/leads$/);
      const menu = page.getByRole('navigation', { name: 'Main' });
      await expect(menu.getByRole('link').allTextContents()).resolves.toEqual(['My figures', 'Leads', 'Import', 'Deal board', 'Repeat sales']);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await signIn(page, baseUrl, users.head);
      await page.waitForURL(/\/dashboard$/);
      await expect(menu.getByRole('link').allTextContents()).resolves.toContain('Dashboard');
      await page.context().close();
    });

    it('should keep a partner user in its portal, direct URLs included', async () => {
      const { page } = await openPage(browser, { width: 390, height: 844 });
      await signIn(page, baseUrl, users.partner, '/leads');
      await expect(page.getByRole('heading', { name: 'Not available' }).isVisible()).resolves.toBe(true);
      const menu = page.getByRole('navigation', { name: 'Main' });
      await expect(menu.getByRole('link').allTextContents()).resolves.toEqual(['Portal']);
      await page.goto(`${baseUrl}/`);
      // A reload signs out: the token lives in memory only.
      await signIn(page, baseUrl, users.partner);
      // `/portal` sends the partner on to its own registrations at once; waiting for `/portal` itself would race it.
      await page.waitForURL(/\/portal\/[^/]+\/registrations$/);
      await screenshot(page, 'shell-partner-phone');
      await page.context().close();
    });
  });
}
