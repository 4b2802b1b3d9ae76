import { PAGES } from '../routes';
import { pageTitle } from './page-title';

describe('the browser tab\'s title', () => {
  it.each([
    ['/leads', 'Leads · Saleswire'],
    ['/leads/new', 'New lead · Saleswire'],
    ['/leads/0194f5c8-0000-7000-8000-000000000001', 'Lead · Saleswire'],
    ['/leads/import', 'Import leads · Saleswire'],
    ['/partners/0194f5c8-0000-7000-8000-000000000001/deals', 'Partner · Saleswire'],
    ['/dashboard/deals', 'Deals behind a figure · Saleswire'],
    ['/no-such-page', 'Saleswire'],
  ])('should name %s %p', (pathname, title) => {
    expect(pageTitle(PAGES, pathname)).toBe(title);
  });
});
