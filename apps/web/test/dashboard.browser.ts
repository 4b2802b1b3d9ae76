// The head of sales' dashboard in a real headless chromium against the booted platform: it sets a manager's plan
// and sees plan vs actual change without reloading, filters the dashboard, opens the deals behind a figure, and
// the screens pass axe at a laptop's and a phone's width; a manager's dashboard is their own. Run by
// browser.e2e-spec.ts: the department holds the other suites' managers and deals too, so it reads its own by name.
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { ADMIN, type BrowserRun, openPage, screenshot, seriousAxeViolations, signIn, tokenFor } from './browser';

const TEST_TIMEOUT_MS = 120_000;

export function dashboardSuite(run: () => BrowserRun): void {
  describe('web: the dashboard (chromium, booted platform)', () => {
    let browser: Browser;
    let baseUrl: string;
    let managerId: string;
    const users = {
      head: { email: 'head@dashboard.web.test', password: 'password-web-1' },
      manager: { email: 'manager@dashboard.web.test', password: 'password-web-1' },
    };

    beforeAll(async () => {
      ({ baseUrl, browser } = run());
      const admin = await tokenFor(baseUrl, ADMIN);
      const as = (method: 'post', path: string, body: object) => request(baseUrl)[method](`/api/v1${path}`).set('Authorization', `Bearer ${admin}`).send(body).expect(201);
      await as('post', '/users', { ...users.head, name: 'Hugo Head', role: 'head_of_sales' });
      managerId = (await as('post', '/users', { ...users.manager, name: 'Mia Manager', role: 'manager' })).body.id;
      const customer = (await as('post', '/customers', { kind: 'company', name: 'Dashboard Customer GmbH' })).body;
      await as('post', '/deals', { title: 'Presses for the dashboard', customerId: customer.id, amount: 12_000, currency: 'EUR', type: 'transactional', channel: 'direct', ownerId: managerId });
    });

    /**
     * The dashboard with its funnel: on a platform that has just started, reporting may miss the gateway's
     * aggregation deadline, and the page then says so and offers to load again, which this does (as a person would).
     */
    async function untilFunnel(page: Page): Promise<void> {
      const table = page.getByRole('region', { name: 'Funnel' }).getByRole('table');
      const again = page.getByRole('button', { name: 'Load again' });
      for (let attempt = 0; attempt < 10; attempt += 1) {
        await table.or(again).first().waitFor();
        if (await table.isVisible()) return;
        await screenshot(page, 'dashboard-degraded');
        await Promise.all([page.waitForResponse((answer) => answer.url().includes('/api/v1/')), again.click()]);
      }
      await table.waitFor();
    }

    /** The row of plan vs actual for the manager, by name: the head of sales reads the user directory. */
    const managerRow = (page: Page) => page.getByRole('region', { name: 'Plan vs actual' }).getByRole('row', { name: /Mia Manager/ });

    it(
      'should let the head of sales set a manager\'s plan and see plan vs actual change without a reload',
      async () => {
        const { page, problems } = await openPage(browser);
        await signIn(page, baseUrl, users.head);
        await page.waitForURL(/\/dashboard$/);
        await page.getByRole('heading', { name: 'Department dashboard' }).waitFor();
        await untilFunnel(page);
        // ECharts arrives as its own chunk once the page is up, and draws into a canvas.
        await page.locator('.chart-canvas canvas').first().waitFor();
        await screenshot(page, 'dashboard-head-before-plan');
        expect(await seriousAxeViolations(page)).toEqual([]);

        const form = page.getByRole('form', { name: "Set a manager's monthly plan" });
        // The department's managers are offered by name, from the user directory.
        await form.getByLabel('Manager', { exact: true }).selectOption({ label: 'Mia Manager' });
        expect(await form.getByLabel('Manager', { exact: true }).inputValue()).toBe(managerId);
        await form.getByLabel('Plan amount').fill('-5');
        await form.getByRole('button', { name: 'Save the plan' }).click();
        // The API's refusal lands at the amount field, as a sentence.
        await form.getByLabel('Plan amount').and(page.locator('[aria-invalid="true"]')).waitFor();
        await expect(form.getByRole('alert').textContent()).resolves.toMatch(/^The plan was not saved\. /);

        await form.getByLabel('Plan amount').fill('50000');
        await form.getByRole('button', { name: 'Save the plan' }).click();
        await form.getByRole('status').filter({ hasText: 'is saved' }).waitFor();
        // The dashboard refetched: the manager's row now carries the plan, and how much of it is done.
        await managerRow(page).getByText('€50,000.00').waitFor();
        await expect(managerRow(page).textContent()).resolves.not.toContain('No plan');
        await screenshot(page, 'dashboard-head-after-plan');
        expect(await seriousAxeViolations(page)).toEqual([]);
        expect(problems.filter((text) => !/400/.test(text))).toEqual([]);
        await page.context().close();
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'should filter by channel and period in the URL and open the deals behind a manager\'s figure',
      async () => {
        const { page } = await openPage(browser);
        await signIn(page, baseUrl, users.head, '/dashboard');
        const filters = page.getByRole('form', { name: 'Filter the dashboard' });
        await filters.getByLabel('Channel').selectOption('direct');
        await filters.getByLabel('Direction').selectOption('inbound');
        await filters.getByLabel('From').fill('2020-01-01');
        await filters.getByRole('button', { name: 'Apply filters' }).click();
        await page.waitForURL(/channel=direct/);
        expect(new URL(page.url()).searchParams.get('direction')).toBe('inbound');
        await page.getByRole('region', { name: 'Plan vs actual' }).getByRole('table').waitFor();
        await managerRow(page).getByRole('link', { name: /deals of Mia Manager/ }).first().click();
        await page.waitForURL(/\/dashboard\/deals\?ownerId=/);
        expect(new URL(page.url()).searchParams.get('channel')).toBe('direct');
        await page.getByRole('link', { name: 'Presses for the dashboard' }).waitFor();
        await screenshot(page, 'dashboard-records-behind-a-figure');
        expect(await seriousAxeViolations(page)).toEqual([]);
        await page.context().close();
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'should fit a phone, and give a manager their own figures without the plan form',
      async () => {
        const { page } = await openPage(browser, { width: 390, height: 844 });
        await signIn(page, baseUrl, users.head, '/dashboard');
        await untilFunnel(page);
        // Nothing wider than the phone: tables scroll inside their own frame.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        await screenshot(page, 'dashboard-head-phone');
        expect(await seriousAxeViolations(page)).toEqual([]);
        await page.getByRole('button', { name: 'Sign out' }).click();

        await signIn(page, baseUrl, users.manager);
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My figures' }).click();
        await page.getByRole('heading', { name: 'My figures' }).waitFor();
        await page.getByRole('region', { name: 'Plan vs actual' }).getByRole('table').waitFor();
        await expect(page.getByRole('form', { name: "Set a manager's monthly plan" }).count()).resolves.toBe(0);
        await expect(page.getByRole('region', { name: 'Lead sources' }).count()).resolves.toBe(0);
        // Their own row only, named as themselves.
        await expect(page.getByRole('region', { name: 'Plan vs actual' }).getByRole('rowheader').allTextContents()).resolves.toEqual(['You']);
        // The department's dashboard is not theirs, by direct URL either (a reload signs out: sign in there).
        await signIn(page, baseUrl, users.manager, '/dashboard');
        await page.getByRole('heading', { name: 'Not available' }).waitFor();
        await page.context().close();
      },
      TEST_TIMEOUT_MS,
    );
  });
}
