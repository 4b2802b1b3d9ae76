import type { Role } from '../api/views';

/** Everyone working for the company itself (not a partner's user). */
export const STAFF: Role[] = ['admin', 'head_of_sales', 'manager', 'channel_manager'];
/** Who works leads and direct deals. */
export const SALES: Role[] = ['admin', 'head_of_sales', 'manager'];
export const HEAD: Role[] = ['admin', 'head_of_sales'];
export const CHANNEL: Role[] = ['admin', 'channel_manager'];
export const PARTNER: Role[] = ['partner_user'];

/** Where each role starts: a manager's own work, the department, the partners, the portal. */
export const HOME_BY_ROLE: Record<Role, string> = {
  admin: '/leads',
  head_of_sales: '/dashboard',
  manager: '/leads',
  channel_manager: '/partners',
  partner_user: '/portal',
};

export const ROLE_NAMES: Record<Role, string> = {
  admin: 'Administrator',
  head_of_sales: 'Head of sales',
  manager: 'Sales manager',
  channel_manager: 'Channel manager',
  partner_user: 'Partner',
};
