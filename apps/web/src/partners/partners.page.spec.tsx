import { ForbiddenProblem, type SaleswireClient } from '@saleswire/sdk';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useEffect } from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { SessionProvider, useSessionState } from '../auth/session';
import { figuresLookup, noFigures, winShare, type PartnerFigures, type PartnersReport } from './partner-figures';
import { figuresQuery, partnersFiltersFrom, periodPresets, periodSearch, periodWords } from './partner-filters';
import type { PartnerView } from './partner-views';
import PartnersPage from './partners.page';
import { decisionOf, NO_DECISION } from './registration-decision';

// Intl's spaces are no-break spaces (U+00A0, U+202F): compare with plain ones.
const plain = (text: string | null): string => (text ?? '').replace(/[\u00a0\u202f]/g, ' ');

const ALPHA = '0194f5c8-0000-7000-8000-00000000000a';
const BETA = '0194f5c8-0000-7000-8000-00000000000b';
const CHANNEL_MANAGER = { id: '0194f5c8-0000-7000-8000-0000000000c1', email: 'cm@x.test', name: 'Cleo Channel', role: 'channel_manager', partnerId: null, active: true };

const partner = (id: string, name: string, extra: Partial<PartnerView> = {}): PartnerView => ({
  id,
  name,
  kind: 'reseller',
  tier: 'gold',
  status: 'active',
  territories: ['DE'],
  commissionRate: 0.1,
  version: 1,
  createdAt: '2026-01-01T00:00:00Z',
  ...extra,
});

const alphaFigures: PartnerFigures = {
  ...noFigures(ALPHA),
  registrations: 4,
  approved: 3,
  conflicts: 1,
  deals: 3,
  won: 2,
  revenue: [
    { currency: 'USD', value: 300 },
    { currency: 'EUR', value: 12500 },
  ],
  commissionsAccrued: [{ currency: 'EUR', value: 1250 }],
  commissionsPaid: [],
  offersMade: 5,
  offersAccepted: 2,
  offersDeclined: 1,
  offersLapsed: 1,
};

describe('the partners figures', () => {
  it('should give a partner the report does not list zeros, and sort a listed one\'s sums by currency', () => {
    const figuresOf = figuresLookup({ items: [alphaFigures], dataAsOf: null });
    expect(figuresOf(BETA)).toEqual(noFigures(BETA));
    expect(figuresOf(ALPHA).revenue.map((sum) => sum.currency)).toEqual(['EUR', 'USD']);
    expect(figuresOf(ALPHA).registrations).toBe(4);
  });

  it.each([
    [{ deals: 3, won: 2 }, 2 / 3],
    [{ deals: 0, won: 0 }, null],
  ])('should make the share of won deals of %j %p', (counts, share) => {
    expect(winShare({ ...noFigures(ALPHA), ...counts })).toBe(share);
  });

  it.each([
    ['mid-February', new Date(2026, 1, 15), { from: '2026-02-01', to: '2026-02-28' }, { from: '2026-01-01', to: '2026-01-31' }, { from: '2026-01-01', to: '2026-03-31' }],
    ['early January (last month is last year\'s December)', new Date(2027, 0, 3), { from: '2027-01-01', to: '2027-01-31' }, { from: '2026-12-01', to: '2026-12-31' }, { from: '2027-01-01', to: '2027-03-31' }],
    ['late November (a leap year\'s fourth quarter)', new Date(2028, 10, 30), { from: '2028-11-01', to: '2028-11-30' }, { from: '2028-10-01', to: '2028-10-31' }, { from: '2028-10-01', to: '2028-12-31' }],
  ])('should offer calendar periods on %s', (_when, today, thisMonth, lastMonth, thisQuarter) => {
    const presets = Object.fromEntries(periodPresets(today).map((preset) => [preset.label, preset.period]));
    expect(presets['This month']).toEqual(thisMonth);
    expect(presets['Last month']).toEqual(lastMonth);
    expect(presets['This quarter']).toEqual(thisQuarter);
    expect(presets['This year']).toEqual({ from: `${today.getFullYear()}-01-01`, to: `${today.getFullYear()}-12-31` });
    expect(presets['All time']).toEqual({});
  });

  it('should read the URL\'s filters, dropping what the API would refuse, and ask the report for [from, the day after to)', () => {
    expect(partnersFiltersFrom(new URLSearchParams('q= Süd &status=retired&from=2026-02-01&to=yesterday'))).toEqual({ q: 'Süd', from: '2026-02-01' });
    const query = figuresQuery({ from: '2026-02-01', to: '2026-02-28' }, ALPHA);
    expect(query).toEqual({ from: new Date(2026, 1, 1).toISOString(), to: new Date(2026, 2, 1).toISOString(), partnerId: ALPHA });
    expect(periodSearch({})).toBe('');
    expect(periodWords({}, String)).toBe('all time');
    expect(periodWords({ from: 'a', to: 'b' }, String)).toBe('a – b');
  });

  it.each([
    ['an approval with nothing said', 'approve', NO_DECISION, { decision: { kind: 'approve', body: {} } }],
    ['an approval for 30 days', 'approve', { ...NO_DECISION, protectionDays: ' 30 ' }, { decision: { kind: 'approve', body: { protectionDays: 30 } } }],
    ['an override with its reason', 'approve', { ...NO_DECISION, override: true, reason: ' Theirs went quiet ' }, { decision: { kind: 'approve', body: { override: true, reason: 'Theirs went quiet' } } }],
    ['an override without a reason', 'approve', { ...NO_DECISION, override: true }, { errors: { reason: "Say why another partner's protection is overridden." } }],
    ['a rejection with its reason', 'reject', { ...NO_DECISION, reason: 'A direct account' }, { decision: { kind: 'reject', body: { reason: 'A direct account' } } }],
    ['a rejection without a reason', 'reject', { ...NO_DECISION, reason: '  ' }, { errors: { reason: 'Say why the registration is rejected.' } }],
  ] as const)('should turn %s into %j', (_what, kind, values, outcome) => {
    expect(decisionOf(kind, values)).toEqual(outcome);
  });
});

/** The SDK's client as the page uses it: GET by path, answering the partners and the report, recording each call. */
function fakeApi(answers: { partners?: PartnerView[]; report?: PartnersReport | Error }) {
  const calls: Array<{ path: string; query: Record<string, unknown> }> = [];
  const GET = jest.fn(async (path: string, init?: { params?: { query?: Record<string, unknown> } }) => {
    calls.push({ path, query: init?.params?.query ?? {} });
    if (path === '/api/v1/users/me') return { data: CHANNEL_MANAGER };
    if (path === '/api/v1/partners') return { data: { items: answers.partners ?? [], nextCursor: null } };
    if (path === '/api/v1/reports/partners') {
      if (answers.report instanceof Error) throw answers.report;
      return { data: answers.report ?? { items: [], dataAsOf: null } };
    }
    throw new Error(`unexpected GET ${path}`);
  });
  const connectTo = (() => ({ signIn: jest.fn().mockResolvedValue(undefined), api: { GET } }) as unknown as SaleswireClient) as never;
  return { connectTo, calls };
}

function SignedIn({ children }: { children: React.ReactNode }) {
  const { session, signIn } = useSessionState();
  useEffect(() => {
    if (!session) void signIn('cm@x.test', 'pw');
  }, [session, signIn]);
  return session ? <>{children}</> : null;
}

function Where() {
  const location = useLocation();
  return <output aria-label="Location">{`${location.pathname}${location.search}`}</output>;
}

function renderPage(connectTo: never, at = '/partners') {
  return render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <SessionProvider connectTo={connectTo}>
        <SignedIn>
          <MemoryRouter initialEntries={[at]}>
            <Routes>
              <Route path="/partners" element={<PartnersPage />} />
              <Route path="/partners/:id" element={<Where />} />
            </Routes>
          </MemoryRouter>
        </SignedIn>
      </SessionProvider>
    </QueryClientProvider>,
  );
}

describe('the channel manager\'s partners page', () => {
  beforeAll(() => {
    Object.defineProperty(globalThis.navigator, 'language', { value: 'en-US', configurable: true });
  });

  it('should show each partner\'s status and figures, zeros for one without any, amounts per currency', async () => {
    const { connectTo } = fakeApi({
      partners: [partner(ALPHA, 'Alpha Reseller'), partner(BETA, 'Beta Dealer', { status: 'suspended', kind: 'dealer', tier: 'bronze' })],
      report: { items: [alphaFigures], dataAsOf: '2026-02-10T09:00:00Z' },
    });
    renderPage(connectTo);
    const alpha = await screen.findByRole('row', { name: /Alpha Reseller/ });
    await within(alpha).findByText('€12,500.00 · $300.00');
    const cells = (row: HTMLElement) => within(row).getAllByRole('cell').map((cell) => plain(cell.textContent));
    expect(cells(alpha)).toEqual(['active', '4', '3', '1', '2 of 5 offered', '1 + 1 lapsed', '2 of 3 (66.7%)', '€12,500.00 · $300.00', '€1,250.00', '—']);
    const beta = screen.getByRole('row', { name: /Beta Dealer/ });
    expect(cells(beta)).toEqual(['suspended', '0', '0', '0', '0', '0', '0', '—', '—', '—']);
    expect(within(beta).getByText('suspended').className).toContain('badge-warning');
    expect(screen.getByText(/^Figures as of/)).toBeTruthy();
  });

  it('should ask the report for a preset period, keep it in the URL and carry it to a partner\'s page', async () => {
    const { connectTo, calls } = fakeApi({ partners: [partner(ALPHA, 'Alpha Reseller')], report: { items: [alphaFigures], dataAsOf: null } });
    renderPage(connectTo);
    await screen.findByRole('row', { name: /Alpha Reseller/ });
    expect(calls.filter((call) => call.path === '/api/v1/reports/partners').map((call) => call.query)).toEqual([{}]);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'This month' }));
    const { from, to } = periodPresets(new Date()).find((preset) => preset.label === 'This month')!.period;
    await screen.findByRole('button', { name: 'This month', pressed: true });
    const reportCalls = calls.filter((call) => call.path === '/api/v1/reports/partners');
    expect(reportCalls.at(-1)!.query).toEqual(figuresQuery({ from, to }));
    await user.click(await screen.findByRole('link', { name: 'Alpha Reseller' }));
    expect(screen.getByRole('status', { name: 'Location' }).textContent).toBe(`/partners/${ALPHA}?from=${from}&to=${to}`);
  });

  it('should say when there are no partners, and when the report fails show dashes, not zeros, and offer to load again', async () => {
    const empty = fakeApi({ partners: [] });
    const { unmount } = renderPage(empty.connectTo);
    await screen.findByText(/^No partners yet/);
    unmount();

    const failing = fakeApi({
      partners: [partner(ALPHA, 'Alpha Reseller')],
      report: new ForbiddenProblem({ type: 'about:blank', title: 'Forbidden', status: 403, detail: 'You may not read this report.', errors: [] }),
    });
    renderPage(failing.connectTo);
    expect((await screen.findByRole('alert')).textContent).toBe('The figures could not be loaded. You may not read this report.');
    const alpha = screen.getByRole('row', { name: /Alpha Reseller/ });
    expect(within(alpha).getAllByRole('cell').slice(1).every((cell) => cell.textContent === '—')).toBe(true);
    expect(screen.getByRole('button', { name: 'Load the figures again' })).toBeTruthy();
  });
});
