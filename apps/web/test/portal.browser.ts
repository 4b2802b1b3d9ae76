// The partner portal in a real headless chromium against the booted platform: a partner user registers a deal
// (the API's errors at their fields first), sees the live feed bring the approval and a new lead offer without a
// reload, accepts one offer and declines another with a reason, and reaches nothing of another partner's —
// direct URLs included. axe passes on each screen; screenshots at a laptop's and a phone's width. Run by
// browser.e2e-spec.ts: the other suites' partners are never offered leads (routing weight 0), and the routing this
// suite switches on is put back as it found it.
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { ADMIN, type BrowserRun, createPartner, openPage, screenshot, seriousAxeViolations, signIn, tokenFor } from './browser';

const TEST_TIMEOUT_MS = 150_000;

export function portalSuite(run: () => BrowserRun): void {
  describe('web: the partner portal (chromium, booted platform)', () => {
    let browser: Browser;
    let baseUrl: string;
    let admin: string;
    let routingBefore: { enabled: boolean; sources: string[]; offerHours: number } | undefined;
    let ours: string;
    let theirs: string;
    const partnerUser = { email: 'partner@portal.web.test', password: 'password-web-1' };
    const channelManager = { email: 'channel@portal.web.test', password: 'password-web-1' };
    const api = () => ({
      post: (path: string, body: object) => request(baseUrl).post(`/api/v1${path}`).set('Authorization', `Bearer ${admin}`).send(body),
      put: (path: string, body: object) => request(baseUrl).put(`/api/v1${path}`).set('Authorization', `Bearer ${admin}`).send(body),
      get: (path: string) => request(baseUrl).get(`/api/v1${path}`).set('Authorization', `Bearer ${admin}`),
    });
    const newLead = (name: string) => api().post('/leads', { contact: { name }, source: 'website', direction: 'inbound', region: 'DE-BY' }).expect(201);

    beforeAll(async () => {
      ({ baseUrl, browser } = run());
      admin = await tokenFor(baseUrl, ADMIN);
      routingBefore = (await api().get('/partner-routing').expect(200)).body;
      ours = await createPartner(baseUrl, admin, { name: 'Portal Reseller Süd', tier: 'gold', territories: ['DE'] });
      // Another partner, never offered leads: its pages must stay out of reach.
      theirs = await createPartner(baseUrl, admin, { name: 'Somebody Else SARL', territories: ['FR'], routingWeight: 0 });
      await api().post('/users', { ...partnerUser, name: 'Pia Partner', role: 'partner_user', partnerId: ours }).expect(201);
      await api().post('/users', { ...channelManager, name: 'Cleo Channel', role: 'channel_manager' }).expect(201);
      await api().put('/partner-routing', { enabled: true, sources: ['website'], offerHours: 48 }).expect(200);
    });

    afterAll(async () => {
      // Routing is the platform's: put back as this suite found it (off on a fresh platform), for the suites after it.
      if (routingBefore) await api().put('/partner-routing', { enabled: routingBefore.enabled, sources: routingBefore.sources, offerHours: routingBefore.offerHours }).expect(200);
    });

    it(
      'should register a deal, and bring its approval and new lead offers by the live feed without a reload',
      async () => {
        const { page, problems } = await openPage(browser);
        await signIn(page, baseUrl, partnerUser);
        await page.waitForURL(new RegExp(`/portal/${ours}/registrations$`));
        await page.getByRole('heading', { name: 'Portal Reseller Süd' }).waitFor();
        await page.getByText('Live: this page updates by itself.').waitFor();
        expect(await seriousAxeViolations(page)).toEqual([]);

        // The API judges the form: an empty one comes back with its errors at the fields.
        const form = page.getByRole('form', { name: 'Register a deal' });
        await form.getByRole('button', { name: 'Register the deal' }).click();
        await form.getByRole('alert').waitFor();
        await expect(form.getByLabel('Customer name').getAttribute('aria-invalid')).resolves.toBe('true');
        await expect(form.getByLabel('Expected amount').getAttribute('aria-invalid')).resolves.toBe('true');
        await screenshot(page, 'portal-registration-errors');

        await form.getByLabel('Customer name').fill('Brauerei Huber GmbH');
        await form.getByLabel('Tax id').fill('DE811907980');
        await form.getByLabel('Deal title').fill('Bottling line for Huber');
        await form.getByLabel('Expected amount').fill('48000');
        await form.getByLabel('Expected close date').fill('2027-03-31');
        await form.getByRole('button', { name: 'Register the deal' }).click();
        await form.getByRole('status').filter({ hasText: 'is registered' }).waitFor();
        const row = page.getByRole('row', { name: /Bottling line for Huber/ });
        await row.getByText('submitted').waitFor();
        const feed = page.getByRole('list', { name: 'Latest events' });
        await feed.getByText('Deal registration submitted').waitFor();

        // The channel manager approves it elsewhere: the row changes on this open page.
        const [registration] = (await api().get(`/deal-registrations?partnerId=${ours}`).expect(200)).body.items as Array<{ id: string }>;
        await api().post(`/deal-registrations/${registration.id}/approve`, {}).expect(200);
        await feed.getByText('Deal registration approved').waitFor();
        await row.getByText('approved').waitFor();
        await row.getByText(/Protected until/).waitFor();
        await screenshot(page, 'portal-registration-approved');

        // Lead offers: none yet; two leads arrive while the page is open and are offered to this partner.
        await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Lead offers' }).click();
        await page.getByText('No leads offered to you yet.', { exact: false }).waitFor();
        const loads = { before: 0 };
        page.on('framenavigated', () => (loads.before += 1));
        await newLead('Offered lead one');
        await newLead('Offered lead two');
        const accept = page.getByRole('button', { name: /^Accept the lead in DE-BY/ });
        await feed.getByText('Lead offer made').first().waitFor();
        await page.waitForFunction(() => document.querySelectorAll('button[aria-label^="Accept the lead in DE-BY"]').length === 2);
        expect(await seriousAxeViolations(page)).toEqual([]);
        await screenshot(page, 'portal-offers');

        await accept.first().click();
        await page.getByText('accepted', { exact: true }).waitFor();
        await page.getByRole('button', { name: /^Decline the lead in DE-BY/ }).click();
        const decline = page.getByRole('form', { name: /^Decline the lead in DE-BY/ });
        await decline.getByRole('button', { name: 'Decline the lead' }).click();
        await expect(decline.getByLabel('Reason for declining').getAttribute('aria-invalid')).resolves.toBe('true');
        await decline.getByLabel('Reason for declining').fill('Outside our trade');
        await decline.getByRole('button', { name: 'Decline the lead' }).click();
        await page.getByText('declined', { exact: true }).waitFor();
        await page.getByText(/Outside our trade/).waitFor();
        await feed.getByText('Lead offer accepted').waitFor();
        // All of it without loading the page again.
        expect(loads.before).toBe(0);
        await screenshot(page, 'portal-offers-decided');

        await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Commissions' }).click();
        await page.getByRole('term').filter({ hasText: 'accrued' }).waitFor();
        expect(await seriousAxeViolations(page)).toEqual([]);
        await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Deals' }).click();
        await page.getByRole('heading', { name: 'Your deals' }).waitFor();
        expect(await seriousAxeViolations(page)).toEqual([]);
        expect(problems.filter((text) => !/400/.test(text))).toEqual([]);
        await page.context().close();
      },
      TEST_TIMEOUT_MS,
    );

    it.each([
      ['another partner\'s registrations', () => `/portal/${theirs}/registrations`, 'There is no such partner.'],
      ['another partner\'s offers', () => `/portal/${theirs}/offers`, 'There is no such partner.'],
      ['another partner\'s commissions', () => `/portal/${theirs}/commissions`, 'There is no such partner.'],
      ['the head of sales\' dashboard', () => '/dashboard', 'This page is not available to you.'],
      ['the deals behind a figure', () => `/dashboard/deals?partnerId=${theirs}`, 'This page is not available to you.'],
      ['the partners', () => '/partners', 'This page is not available to you.'],
    ])(
      'should show a partner user "not found" for %s by direct URL',
      async (_what, path, reason) => {
        const { page } = await openPage(browser, { width: 390, height: 844 });
        await signIn(page, baseUrl, partnerUser, path());
        await page.getByRole('heading', { name: 'Not available' }).waitFor();
        await expect(page.getByText(reason).isVisible()).resolves.toBe(true);
        await expect(page.getByText('Somebody Else SARL').count()).resolves.toBe(0);
        if (path().includes(theirs)) await screenshot(page, 'portal-other-partner-phone');
        await page.context().close();
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'should fit the portal on a phone and pass axe there',
      async () => {
        const { page } = await openPage(browser, { width: 390, height: 844 });
        await signIn(page, baseUrl, partnerUser);
        await page.getByRole('form', { name: 'Register a deal' }).waitFor();
        await page.getByRole('row', { name: /Bottling line for Huber/ }).waitFor();
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        expect(await seriousAxeViolations(page)).toEqual([]);
        await screenshot(page, 'portal-phone');
        await page.context().close();
      },
      TEST_TIMEOUT_MS,
    );
    /**
     * The cell of a partner's row under a column of the partners table. The report is built from events, so a
     * figure changed a moment ago may not be counted yet: the page's "Refresh the figures" asks again, as a person would.
     */
    async function untilFigure(page: Page, partner: string, column: string, expected: string): Promise<void> {
      const headers = await page.getByRole('table').locator('thead th').allTextContents();
      const index = headers.indexOf(column);
      expect(index).toBeGreaterThan(0);
      const cell = page.getByRole('row', { name: new RegExp(partner) }).locator('th, td').nth(index);
      for (let attempt = 0; attempt < 30; attempt += 1) {
        if ((await cell.textContent())?.replace(/[\u00a0\u202f]/g, ' ') === expected) return;
        await page.waitForTimeout(1_000);
        await page.getByRole('button', { name: 'Refresh the figures' }).click();
        await page.getByRole('button', { name: 'Refresh the figures' }).waitFor();
      }
      expect(await cell.textContent()).toBe(expected);
    }

    it(
      "should give the channel manager each partner's figures for a period, and let them open a partner and decide its registration",
      async () => {
        // The partner's approved deal is paid in full: it is won, its revenue counts and its commission accrues.
        const [deal] = (await api().get(`/deals?partnerId=${ours}`).expect(200)).body.items as Array<{ id: string; amount: number; currency: string }>;
        await api().post(`/deals/${deal.id}/payments`, { amount: deal.amount, currency: deal.currency, paidAt: new Date().toISOString().slice(0, 10), reference: 'PORTAL-1' }).expect(201);
        // A second registration, for the channel manager to decide in the page.
        await api().post(`/partners/${ours}/deal-registrations`, { customer: { name: 'Mühle Berger KG' }, title: 'Grain silo for Berger', expectedAmount: 9_000, currency: 'EUR', expectedCloseDate: '2027-06-30' }).expect(201);
        const money = (value: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: deal.currency }).format(value);

        const { page, problems } = await openPage(browser);
        await signIn(page, baseUrl, channelManager);
        await page.waitForURL(/\/partners$/);
        await page.getByRole('heading', { name: 'Partners' }).waitFor();
        await page.getByRole('row', { name: /Portal Reseller Süd/ }).waitFor();
        await untilFigure(page, 'Portal Reseller Süd', 'Revenue', money(deal.amount));
        await untilFigure(page, 'Portal Reseller Süd', 'Commissions accrued', money(deal.amount * 0.1));
        await untilFigure(page, 'Portal Reseller Süd', 'Registrations', '2');
        await untilFigure(page, 'Portal Reseller Süd', 'Approved', '1');
        await untilFigure(page, 'Portal Reseller Süd', 'Offers accepted', '1 of 2 offered');
        await untilFigure(page, 'Somebody Else SARL', 'Registrations', '0');
        await screenshot(page, 'partners-channel-manager');
        expect(await seriousAxeViolations(page)).toEqual([]);

        // A period before any of it: the figures are the period's, in the URL.
        await page.getByLabel('Figures from').fill('2020-01-01');
        await page.getByLabel('Figures to').fill('2020-12-31');
        await page.getByRole('button', { name: 'Apply filters' }).click();
        await page.waitForURL(/from=2020-01-01&to=2020-12-31/);
        await untilFigure(page, 'Portal Reseller Süd', 'Revenue', '—');
        await page.getByRole('button', { name: 'This year' }).click();
        await page.getByRole('button', { name: 'This year', pressed: true }).waitFor();
        await untilFigure(page, 'Portal Reseller Süd', 'Revenue', money(deal.amount));

        await page.getByRole('link', { name: 'Portal Reseller Süd' }).click();
        await page.getByRole('heading', { name: 'Portal Reseller Süd' }).waitFor();
        expect(new URL(page.url()).searchParams.get('from')).toMatch(/^\d{4}-01-01$/);
        await page.getByRole('list', { name: 'Figures' }).getByText(money(deal.amount)).waitFor();
        const decision = page.getByRole('form', { name: /Grain silo for Berger/ });
        await decision.getByRole('button', { name: 'Reject' }).click();
        // A rejection needs a reason: asked for at the field, nothing sent.
        await expect(decision.getByLabel('Reason').getAttribute('aria-invalid')).resolves.toBe('true');
        await screenshot(page, 'partners-partner-registrations');
        expect(await seriousAxeViolations(page)).toEqual([]);
        await decision.getByLabel('Protection days').fill('30');
        await decision.getByRole('button', { name: 'Approve' }).click();
        const row = page.getByRole('row', { name: /Grain silo for Berger/ });
        await row.getByText('approved').waitFor();
        await row.getByText(/Protected until/).waitFor();
        await expect(page.getByRole('heading', { name: /Waiting for your decision/ }).count()).resolves.toBe(0);

        await page.getByRole('navigation', { name: 'Partner' }).getByRole('link', { name: 'Deals' }).click();
        await page.getByRole('link', { name: 'Bottling line for Huber' }).waitFor();
        await page.getByRole('navigation', { name: 'Partner' }).getByRole('link', { name: 'Commissions' }).click();
        await page.getByRole('term').filter({ hasText: 'accrued' }).waitFor();
        await screenshot(page, 'partners-partner-commissions');
        expect(await seriousAxeViolations(page)).toEqual([]);

        // The routing the admin switched on for this suite, as the channel manager finds it.
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Lead routing' }).click();
        const routing = page.getByRole('form', { name: 'Lead routing to partners' });
        await routing.waitFor();
        await expect(routing.getByLabel('Offer new leads to partners').isChecked()).resolves.toBe(true);
        await expect(routing.getByLabel('website').isChecked()).resolves.toBe(true);
        await expect(routing.getByLabel('Hours a partner has to answer an offer').inputValue()).resolves.toBe('48');
        expect(await seriousAxeViolations(page)).toEqual([]);
        expect(problems).toEqual([]);
        await page.context().close();
      },
      TEST_TIMEOUT_MS,
    );
  });
}
