/**
 * @jest-environment node
 */
// The partner portal in a real headless chromium against the booted platform: a partner user registers a deal
// (the API's errors at their fields first), sees the live feed bring the approval and a new lead offer without a
// reload, accepts one offer and declines another with a reason, and reaches nothing of another partner's —
// direct URLs included. axe passes on each screen; screenshots at a laptop's and a phone's width.
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { ADMIN, BOOT_TIMEOUT_MS, bootPlatform, createPartner, e2ePlatform, launchBrowser, openPage, screenshot, seriousAxeViolations, signIn, tokenFor } from './browser';

const TEST_TIMEOUT_MS = 150_000;

describe('web: the partner portal (chromium, booted platform)', () => {
  const platform = e2ePlatform();
  let browser: Browser;
  let baseUrl: string;
  let admin: string;
  let ours: string;
  let theirs: string;
  const partnerUser = { email: 'partner@portal.web.test', password: 'password-web-1' };
  const api = () => ({
    post: (path: string, body: object) => request(baseUrl).post(`/api/v1${path}`).set('Authorization', `Bearer ${admin}`).send(body),
    put: (path: string, body: object) => request(baseUrl).put(`/api/v1${path}`).set('Authorization', `Bearer ${admin}`).send(body),
    get: (path: string) => request(baseUrl).get(`/api/v1${path}`).set('Authorization', `Bearer ${admin}`),
  });
  const newLead = (name: string) => api().post('/leads', { contact: { name }, source: 'website', direction: 'inbound', region: 'DE-BY' }).expect(201);

  beforeAll(async () => {
    browser = await launchBrowser();
    baseUrl = await bootPlatform(platform);
    admin = await tokenFor(baseUrl, ADMIN);
    ours = await createPartner(baseUrl, admin, { name: 'Portal Reseller Süd', tier: 'gold', territories: ['DE'] });
    // Another partner, never offered leads: its pages must stay out of reach.
    theirs = await createPartner(baseUrl, admin, { name: 'Somebody Else SARL', territories: ['FR'], routingWeight: 0 });
    await api().post('/users', { ...partnerUser, name: 'Pia Partner', role: 'partner_user', partnerId: ours }).expect(201);
    await api().put('/partner-routing', { enabled: true, sources: ['website'], offerHours: 48 }).expect(200);
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
    await platform.stopAll();
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
});
