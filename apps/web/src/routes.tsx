// Every page of the app, in one list: its path, who may open it, its menu entry and its module (loaded when
// first opened, so the first screen carries none of them). A page is one line here; the shell builds the
// router and the role's menu from this list, and a path outside the caller's roles shows "not available"
// without asking the API anything.
import type { ComponentType } from 'react';
import type { Role } from './api/views';
import { CHANNEL, HEAD, PARTNER, SALES, STAFF } from './shell/roles';

export interface PageRoute {
  /** Relative to `/`, React Router syntax (`leads/:id`). */
  path: string;
  roles: Role[];
  /** The menu entry's label; pages without one are reached from other pages. */
  nav?: string;
  /** The browser tab's title (with " · Saleswire"), when it is not the menu label. */
  title?: string;
  page: () => Promise<{ default: ComponentType }>;
}

export const PAGES: PageRoute[] = [
  // Head of sales (apps/web/src/dashboard/**)
  { path: 'dashboard', roles: HEAD, nav: 'Dashboard', page: () => import('./dashboard/dashboard.page') },
  { path: 'my-figures', roles: ['manager'], nav: 'My figures', page: () => import('./dashboard/dashboard.page') },
  { path: 'dashboard/deals', roles: [...HEAD, 'manager'], title: 'Deals behind a figure', page: () => import('./dashboard/records.page') },
  // Leads
  { path: 'leads', roles: SALES, nav: 'Leads', page: () => import('./leads/leads.page') },
  { path: 'leads/new', roles: SALES, title: 'New lead', page: () => import('./leads/new-lead.page') },
  { path: 'leads/import', roles: SALES, nav: 'Import', title: 'Import leads', page: () => import('./leads/lead-import.page') },
  { path: 'lead-assignment', roles: HEAD, nav: 'Assignment', title: 'Lead assignment', page: () => import('./leads/assignment.page') },
  { path: 'leads/:id', roles: SALES, title: 'Lead', page: () => import('./leads/lead.page') },
  // Deals
  { path: 'deals', roles: STAFF, nav: 'Deal board', page: () => import('./deals/board.page') },
  { path: 'deals/:id', roles: STAFF, title: 'Deal', page: () => import('./deals/deal.page') },
  { path: 'repeat-sales', roles: SALES, nav: 'Repeat sales', page: () => import('./deals/repeat-sales.page') },
  // Channel manager
  { path: 'partners', roles: CHANNEL, nav: 'Partners', page: () => import('./partners/partners.page') },
  { path: 'partners/:id/:section?', roles: CHANNEL, title: 'Partner', page: () => import('./partners/partner.page') },
  { path: 'partner-routing', roles: [...CHANNEL, 'head_of_sales'], nav: 'Lead routing', title: 'Lead routing to partners', page: () => import('./partners/routing.page') },
  // Partner users (apps/web/src/partner-portal/**)
  { path: 'portal', roles: PARTNER, nav: 'Portal', page: () => import('./partner-portal/portal.page') },
  { path: 'portal/:partnerId/:section?', roles: PARTNER, title: 'Partner portal', page: () => import('./partner-portal/partner.page') },
];
