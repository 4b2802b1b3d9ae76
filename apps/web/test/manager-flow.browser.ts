// A manager's day in a real headless chromium against the booted platform (issue 13): signs in, creates a lead,
// qualifies and converts it, moves the deal across the board, records the payment and sees the deal won. Each
// key screen is checked with axe (no serious or critical violation) and saved under apps/web/test-results/.
// Run by browser.e2e-spec.ts: a manager sees only their own leads and deals, so the other suites' do not show.
import type { Browser, Page } from 'playwright-core';
import { ADMIN, type BrowserRun, createUser, openPage, screenshot, seriousAxeViolations, signIn, tokenFor } from './browser';

export function managerFlowSuite(run: () => BrowserRun): void {
  describe('web: a manager works a lead into a won deal (chromium, booted platform)', () => {
    let browser: Browser;
    let baseUrl: string;
    let page: Page;
    let problems: string[];
    const manager = { email: 'mia@flow.web.test', password: 'password-web-1' };
    const company = `Northwind ${Date.now().toString(36)}`;

    async function checkScreen(name: string): Promise<void> {
      await screenshot(page, name);
      expect({ screen: name, violations: await seriousAxeViolations(page) }).toEqual({ screen: name, violations: [] });
    }

    beforeAll(async () => {
      ({ baseUrl, browser } = run());
      const admin = await tokenFor(baseUrl, ADMIN);
      await createUser(baseUrl, admin, { ...manager, name: 'Flora Manager', role: 'manager' });
      ({ page, problems } = await openPage(browser));
    });

    afterAll(async () => {
      await page?.context().close();
    });

    it('should sign in and show the manager\'s empty leads list', async () => {
      await signIn(page, baseUrl, manager);
      await page.waitForURL(/\/leads$/);
      await page.getByText('No leads match these filters.').waitFor();
      await checkScreen('flow-1-leads-empty');
    });

    it('should create a lead with the form, first showing the API\'s field error at its field', async () => {
      await page.getByRole('link', { name: 'New lead' }).click();
      await page.getByLabel('Contact name').fill('Irina Volkova');
      await page.getByLabel('Email').fill('not-an-email');
      await page.getByLabel('Company').fill(company);
      await page.getByLabel('Expected amount').fill('1200');
      await page.getByRole('button', { name: 'Create lead' }).click();
      // The API refuses the email; its message shows under the field.
      await page.locator('[aria-invalid="true"]').first().waitFor();
      await expect(page.getByLabel('Email').getAttribute('aria-invalid')).resolves.toBe('true');
      await checkScreen('flow-2-new-lead-refused');
      await page.getByLabel('Email').fill('irina@northwind.example');
      await page.getByRole('button', { name: 'Create lead' }).click();
      await page.getByRole('heading', { name: 'Irina Volkova' }).waitFor();
      await expect(page.getByTestId('lead-status').textContent()).resolves.toBe('new');
    });

    it('should qualify the lead through its statuses and convert it into a deal', async () => {
      await page.getByLabel('New status').selectOption('in_progress');
      await page.getByLabel('Reason').fill('Called back, interested');
      await page.getByRole('button', { name: 'Change status' }).click();
      await page.getByTestId('lead-status').filter({ hasText: 'in progress' }).waitFor();
      await page.getByLabel('New status').selectOption('qualified');
      await page.getByRole('button', { name: 'Change status' }).click();
      await page.getByTestId('lead-status').filter({ hasText: 'qualified' }).waitFor();
      await checkScreen('flow-3-lead-qualified');
      await page.getByLabel('Deal amount').fill('1200');
      await page.getByRole('button', { name: 'Convert' }).click();
      await page.getByTestId('lead-status').filter({ hasText: 'converted' }).waitFor();
      const history = await page.locator('ol.history li').allTextContents();
      expect(history.join('\n')).toMatch(/in progress — Called back, interested/);
      expect(history.join('\n')).toMatch(/converted/);
      await page.getByRole('link', { name: 'Open the deal' }).click();
      await page.getByTestId('deal-stage').waitFor();
    });

    it('should move the deal across the board, with each column\'s count and amount following', async () => {
      await page.getByRole('link', { name: 'Back to the board' }).click();
      await page.getByRole('heading', { name: 'Deal board' }).waitFor();
      const totals = (stage: string) => page.getByTestId(`totals-${stage}`).textContent();
      await expect(totals('new')).resolves.toMatch(/^1 deal · €1,200\.00$/);
      for (const stage of ['qualification', 'proposal', 'contract', 'payment']) {
        const card = page.locator('.deal-card', { hasText: company });
        await card.getByRole('combobox').selectOption(stage);
        await card.getByRole('button', { name: /^Move / }).click();
        await page.locator(`[data-stage="${stage}"] .deal-card`, { hasText: company }).waitFor();
        await page.locator(`[data-stage="${stage}"] [data-testid="card-notice"]`, { hasText: 'Moved to' }).waitFor();
      }
      await expect(totals('payment')).resolves.toMatch(/^1 deal · €1,200\.00$/);
      await expect(totals('new')).resolves.toBe('0 deals · —');
      // The board scrolls sideways: bring the card into the screenshot.
      await page.locator('.deal-card', { hasText: company }).scrollIntoViewIfNeeded();
      await checkScreen('flow-4-board');
    });

    it('should refuse moving it to won by hand before it is paid, with the API\'s reason', async () => {
      const card = page.locator('.deal-card', { hasText: company });
      await card.getByRole('combobox').selectOption('won');
      await card.getByRole('button', { name: /^Move / }).click();
      await card.getByTestId('card-notice').filter({ hasText: 'The move was refused:' }).waitFor();
      await page.locator('[data-stage="payment"] .deal-card', { hasText: company }).waitFor();
    });

    it('should record the payment on the deal page and show the deal won', async () => {
      await page.locator('.deal-card', { hasText: company }).getByRole('link').click();
      await page.getByRole('heading', { name: 'Record a payment' }).waitFor();
      await checkScreen('flow-5-deal');
      await page.getByLabel('Reference').fill('INV-2026-001');
      await page.getByRole('button', { name: 'Record payment' }).click();
      await page.getByTestId('deal-status').filter({ hasText: 'won' }).waitFor({ timeout: 20_000 });
      await page.getByRole('cell', { name: 'INV-2026-001' }).waitFor();
      await checkScreen('flow-6-deal-won');
      expect(problems.filter((text) => !/status of 4\d\d/.test(text))).toEqual([]);
    });

    it('should be usable at a phone\'s width', async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.getByRole('link', { name: 'Deal board' }).click();
      await page.getByRole('heading', { name: 'Deal board' }).waitFor();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      // The board scrolls inside itself; the page does not get wider than the phone.
      expect(width).toBeLessThanOrEqual(390);
      await checkScreen('flow-7-board-phone');
    });
  });
}
