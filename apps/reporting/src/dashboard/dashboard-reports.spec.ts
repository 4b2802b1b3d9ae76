import { DASHBOARD_REPORT_PARTS } from '@saleswire/contracts';
import { DASHBOARD_REPORTS, dashboardPartsFor } from './dashboard-reports';

describe('dashboardPartsFor', () => {
  it.each([
    ['admin', ['summary', 'funnel', 'managers', 'forecast', 'leadSources']],
    ['head_of_sales', ['summary', 'funnel', 'managers', 'forecast', 'leadSources']],
    ['manager', ['summary', 'funnel', 'managers', 'forecast']],
    ['channel_manager', []],
    ['partner_user', []],
    ['system', []],
  ] as const)('should give %s the parts %j', (role, parts) => {
    expect(dashboardPartsFor(role)).toEqual(parts);
  });

  it('should have an entry for every part of the contract', () => {
    expect(Object.keys(DASHBOARD_REPORTS).sort()).toEqual([...DASHBOARD_REPORT_PARTS].sort());
  });
});
