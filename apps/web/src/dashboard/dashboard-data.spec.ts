import { NotFoundProblem, UnavailableProblem } from '@saleswire/sdk';
import type { Api } from '../api/client';
import { dashboardFiltersFrom, dashboardSearchOf, reportQuery } from './dashboard-filters';
import { loadDashboard } from './dashboard-data';
import { forecastDealsHref, managerDealsHref, sourceLeadsHref, stageDealsHref } from './figure-links';

/** An API whose GETs answer by path; a path mapped to an Error throws it, as the SDK throws a problem. */
function fakeApi(answers: Record<string, unknown>) {
  const calls: Array<{ path: string; query: unknown }> = [];
  const api = {
    GET: async (path: string, init?: { params?: { query?: unknown } }) => {
      calls.push({ path, query: init?.params?.query });
      const answer = answers[path];
      if (answer instanceof Error) throw answer;
      return { data: answer };
    },
  } as unknown as Api;
  return { api, calls };
}

const unavailable = new UnavailableProblem({ type: 'about:blank', title: 'Service Unavailable', status: 503, detail: 'Reporting is not answering.', errors: [] });

describe('the dashboard\'s data', () => {
  it('should ask GET /dashboard once without filters and keep its warnings', async () => {
    const { api, calls } = fakeApi({ '/api/v1/dashboard': { summary: null, funnel: { stages: [] }, managers: null, forecast: null, warnings: [{ service: 'reporting', problem: 'timeout' }] } });
    const data = await loadDashboard(api, {}, true);
    expect(calls.map((call) => call.path)).toEqual(['/api/v1/dashboard']);
    expect(data.funnel).toEqual({ stages: [] });
    expect(data.leadSources).toBeNull();
    expect(data.warnings).toEqual([{ service: 'reporting', problem: 'timeout' }]);
  });

  it('should ask the reports with the filters, lead sources with the period only, and turn a failure into a warning', async () => {
    const { api, calls } = fakeApi({
      '/api/v1/reports/summary': { won: 1 },
      '/api/v1/reports/funnel': unavailable,
      '/api/v1/reports/managers': { items: [] },
      '/api/v1/reports/forecast': { months: [] },
      '/api/v1/reports/lead-sources': { items: [] },
    });
    const data = await loadDashboard(api, { from: '2026-03-01', channel: 'indirect', direction: 'outbound' }, true);
    const query = calls.find((call) => call.path === '/api/v1/reports/managers')!.query as Record<string, string>;
    expect(query).toEqual({ from: new Date('2026-03-01T00:00:00').toISOString(), channel: 'indirect', direction: 'outbound' });
    expect(calls.find((call) => call.path === '/api/v1/reports/lead-sources')!.query).toEqual({ from: query.from });
    expect(data.funnel).toBeNull();
    expect(data.managers).toEqual({ items: [] });
    expect(data.warnings).toEqual([{ service: 'reporting', problem: 'Reporting is not answering.' }]);
  });

  it('should not ask a manager\'s dashboard for the lead sources, which are the head of sales\'', async () => {
    const { api, calls } = fakeApi({ '/api/v1/reports/summary': {}, '/api/v1/reports/funnel': {}, '/api/v1/reports/managers': {}, '/api/v1/reports/forecast': {} });
    await loadDashboard(api, { channel: 'direct' }, false);
    expect(calls.map((call) => call.path)).not.toContain('/api/v1/reports/lead-sources');
  });

  it('should let a failure of the one request through, for the page to say', async () => {
    const { api } = fakeApi({ '/api/v1/dashboard': new NotFoundProblem({ type: 'about:blank', title: 'Not Found', status: 404, detail: 'No such route.', errors: [] }) });
    await expect(loadDashboard(api, {}, true)).rejects.toThrow(NotFoundProblem);
  });
});

describe('the dashboard\'s filters and the records behind a figure', () => {
  it('should read the filters from the URL, dropping what is malformed, and write them back', () => {
    const filters = dashboardFiltersFrom(new URLSearchParams('from=2026-01-01&to=2026-13&channel=indirect&direction=sideways'));
    expect(filters).toEqual({ from: '2026-01-01', channel: 'indirect' });
    expect(dashboardSearchOf(filters).toString()).toBe('from=2026-01-01&channel=indirect');
  });

  it('should make the last day picked part of the period ([from, to) ends the day after)', () => {
    expect(reportQuery({ from: '2026-01-01', to: '2026-01-31' })).toEqual({ from: new Date('2026-01-01T00:00:00').toISOString(), to: new Date('2026-02-01T00:00:00').toISOString() });
  });

  it.each([
    ['an open stage', stageDealsHref('p1', 'open', { channel: 'direct' }), '/dashboard/deals?pipelineId=p1&channel=direct'],
    ['the won stage', stageDealsHref('p1', 'won', {}), '/dashboard/deals?pipelineId=p1&status=won'],
    ['a manager\'s won deals', managerDealsHref('u1', {}, 'won'), '/dashboard/deals?ownerId=u1&status=won'],
    ['a source and event', sourceLeadsHref('exhibition', 'e1'), '/leads?source=exhibition&marketingEventId=e1'],
    ['a source without event', sourceLeadsHref('website', null), '/leads?source=website'],
    ['a forecast month', forecastDealsHref({ channel: 'direct' }, '2026-03'), '/dashboard/deals?status=open&channel=direct&expectedCloseFrom=2026-03-01&expectedCloseTo=2026-04-01'],
    ['December\'s forecast', forecastDealsHref({}, '2026-12'), '/dashboard/deals?status=open&expectedCloseFrom=2026-12-01&expectedCloseTo=2027-01-01'],
  ])('should open %s as %s', (_what, href, expected) => {
    expect(href).toBe(expected);
  });
});
