import type { Role } from '@saleswire/contracts';

/** Who reads partner records: the channel side, its heads, and partner users (the partners service scopes them to their own). */
export const SEES_PARTNERS: Role[] = ['admin', 'head_of_sales', 'channel_manager', 'partner_user'];
/** Who runs the partner network: signs partners up, decides registrations, approves and pays commissions. */
export const RUNS_THE_NETWORK: Role[] = ['admin', 'channel_manager'];
/** Who registers deals: partner users for their partner, the channel side on a partner's behalf. */
export const REGISTERS_DEALS: Role[] = ['admin', 'channel_manager', 'partner_user'];
/** Who sets lead routing to partners: the channel side and the heads of sales. */
export const SETS_ROUTING: Role[] = ['admin', 'channel_manager', 'head_of_sales'];
