// The CSV import in a real headless chromium against the booted platform (issue 13): a head of sales (who sees
// every lead, so every imported one) uploads a file whose header the API refuses and reads which column is wrong,
// puts a manager in the lead assignment rule (a fresh platform's rule has nobody), then uploads a file of good and
// bad rows: the progress bar reaches done, the rejected rows are listed with their reasons, and the imported leads
// are in the leads list at once, assigned to the manager. axe passes; screenshots in test-results/. Run by
// browser.e2e-spec.ts: the list may hold the other suites' leads too, so it is read for this file's rows.
import type { Browser, Locator, Page } from 'playwright-core';
import { ADMIN, apiCall, type BrowserRun, createUser, openPage, screenshot, seriousAxeViolations, signIn, tokenFor } from './browser';

const TEST_TIMEOUT_MS = 120_000;

/** Six rows: the 1st and 3rd are good; the others each break one rule of POST /leads. */
const MIXED_CSV = [
  'name,email,company,source,direction,region,expectedAmount,currency',
  'Anna Importova,anna@alpha-import.example,Import Alpha GmbH,exhibition,inbound,DE,5000,EUR',
  'Bruno Badsource,bruno@beta-import.example,Import Beta,billboard,inbound,DE,,',
  'Carla Importer,carla@gamma-import.example,"Import Gamma, AG",website,outbound,DE-BY,1200.50,EUR',
  ',nobody@delta-import.example,No Name Ltd,website,inbound,DE,,',
  'Dora Bademail,not-an-email,Import Epsilon,email,inbound,DE,,',
  'Emil Badamount,emil@zeta-import.example,Import Zeta,referral,inbound,AT,a lot,EUR',
].join('\r\n');

/** The companies of MIXED_CSV's six rows, one each: how the list shows which of its leads came from this file. */
const MIXED_CSV_COMPANIES = ['Import Alpha GmbH', 'Import Beta', 'Import Gamma, AG', 'No Name Ltd', 'Import Epsilon', 'Import Zeta'];

/** The companies of the list's rows that came from MIXED_CSV. */
async function fileCompanies(list: Locator): Promise<string[]> {
  const companies = await list.locator('tbody tr td:nth-child(2)').allTextContents();
  return companies.filter((company) => MIXED_CSV_COMPANIES.includes(company));
}

interface AssignmentRule {
  strategy: string;
  members: Array<{ userId: string; weight: number; active: boolean }>;
}

export function leadImportSuite(run: () => BrowserRun): void {
  describe('web: importing a CSV of leads (chromium, booted platform)', () => {
    let browser: Browser;
    let baseUrl: string;
    let admin: string;
    let ruleBefore: AssignmentRule | undefined;
    let page: Page;
    let problems: string[];
    const head = { email: 'head@import.web.test', password: 'password-web-1' };

    async function upload(name: string, csv: string): Promise<void> {
      await page.getByLabel('CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
      await page.getByRole('button', { name: 'Import', exact: true }).click();
    }

    beforeAll(async () => {
      ({ baseUrl, browser } = run());
      admin = await tokenFor(baseUrl, ADMIN);
      ruleBefore = await apiCall<AssignmentRule>(baseUrl, 'GET', '/lead-assignment', admin);
      await createUser(baseUrl, admin, { ...head, name: 'Ida Head', role: 'head_of_sales' });
      await createUser(baseUrl, admin, { email: 'ivo@import.web.test', password: 'password-web-1', name: 'Ivo Manager', role: 'manager' });
      ({ page, problems } = await openPage(browser));
    });

    afterAll(async () => {
      await page?.context().close();
      // The rule is the platform's: put back as this suite found it, for the suites that run after it.
      if (ruleBefore) await apiCall(baseUrl, 'PUT', '/lead-assignment', admin, { strategy: ruleBefore.strategy, members: ruleBefore.members });
    });

    it(
      'should show the leads list before the import, then say which column of a refused file is wrong',
      async () => {
        await signIn(page, baseUrl, head, '/leads');
        await page.getByRole('heading', { name: 'Leads', exact: true }).waitFor();
        // Read now, so that the list is in the page's cache when the import is over: none of the file's leads yet.
        const list = page.getByRole('table', { name: 'Leads, newest first' });
        await list.or(page.getByText('No leads match these filters.')).waitFor();
        await expect(fileCompanies(list)).resolves.toEqual([]);
        await page.getByRole('link', { name: 'Import a CSV' }).click();
        await page.getByRole('heading', { name: 'Import leads' }).waitFor();
        await upload('wrong-header.csv', 'name,shoe size\nAnna,42\n');
        const alert = page.getByRole('alert');
        await alert.waitFor();
        await expect(alert.textContent()).resolves.toMatch(/^Nothing was imported\. The CSV cannot be read as leads\./);
        await alert.getByText('unknown CSV column "shoe size"').waitFor();
        await screenshot(page, 'import-1-refused-header');
        expect(await seriousAxeViolations(page)).toEqual([]);
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'should put a manager in the lead assignment rule, which has nobody on a fresh platform',
      async () => {
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Assignment' }).click();
        await page.getByRole('heading', { name: 'Lead assignment' }).waitFor();
        await page.getByText(/Nobody is in the rotation/).waitFor();
        await page.getByLabel('Ivo Manager is in the rotation').check();
        await page.getByRole('button', { name: 'Save the rule' }).click();
        await page.getByRole('status').filter({ hasText: 'The rule is saved' }).waitFor();
        await screenshot(page, 'import-assignment-rule');
        expect(await seriousAxeViolations(page)).toEqual([]);
        // The leads list, read just before the import: the app keeps it fresh for 10 s, so without the import telling
        // it the list would come back from the cache, still without the file's leads.
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Leads' }).click();
        const list = page.getByRole('table', { name: 'Leads, newest first' });
        await list.or(page.getByText('No leads match these filters.')).waitFor();
        await expect(fileCompanies(list)).resolves.toEqual([]);
        await page.getByRole('link', { name: 'Import a CSV' }).click();
        await page.getByRole('heading', { name: 'Import leads' }).waitFor();
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'should import the good rows of a mixed file, with the progress bar reaching done and each rejected row\'s reason',
      async () => {
        await upload('mixed.csv', MIXED_CSV);
        await page.getByRole('heading', { name: 'Job completed' }).waitFor({ timeout: 60_000 });
        const progress = page.getByRole('progressbar');
        await expect(progress.evaluate((bar) => (bar as HTMLProgressElement).value)).resolves.toBe(1);
        await page.getByText('Progress: 100%').waitFor();
        await expect(page.getByRole('status').filter({ hasText: 'accepted' }).textContent()).resolves.toBe('2 accepted, 4 rejected of 6 rows.');

        const rejected = page.getByRole('table', { name: /^Rejected rows/ });
        const rows = await rejected.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => cell.textContent ?? '')));
        // Row numbers count data rows (the header is not one); one line a cell, its column named as the file's header
        // names it, with every reason the API gave for it.
        expect(rows.map(([row, column]) => `${row} ${column}`)).toEqual(['2 source', '4 name', '5 email', '6 expectedAmount']);
        expect(rows[0][2]).toMatch(/^source must be one of/);
        expect(rows[1][2]).toContain('name should not be empty');
        expect(rows[2][2]).toContain('email must be an email');
        await screenshot(page, 'import-2-done');
        expect(await seriousAxeViolations(page)).toEqual([]);
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'should show the imported leads in the leads list, and none of the rejected ones',
      async () => {
        await page.getByRole('link', { name: 'See the imported leads' }).click();
        await page.waitForURL(/\/leads$/);
        const list = page.getByRole('table', { name: 'Leads, newest first' });
        await list.getByRole('link', { name: 'Anna Importova' }).waitFor();
        await list.getByRole('link', { name: 'Carla Importer' }).waitFor();
        const carla = list.getByRole('row', { name: /Carla Importer/ });
        await expect(carla.textContent()).resolves.toContain('Import Gamma, AG');
        await expect(carla.textContent()).resolves.toContain('€1,200.50');
        // The rule assigned them.
        await expect(carla.textContent()).resolves.toContain('Ivo Manager');
        // Of the file's six rows, the two good ones and no other (the list also shows the other suites' leads).
        expect((await fileCompanies(list)).sort()).toEqual(['Import Alpha GmbH', 'Import Gamma, AG']);
        for (const name of ['Bruno Badsource', 'Dora Bademail', 'Emil Badamount']) await expect(list.getByText(name).count()).resolves.toBe(0);
        await screenshot(page, 'import-3-leads-list');
        expect(await seriousAxeViolations(page)).toEqual([]);
        // The refused upload is a 400 in the console; nothing else may be.
        expect(problems.filter((text) => !/status of 400/.test(text))).toEqual([]);
      },
      TEST_TIMEOUT_MS,
    );
  });
}
