export const ROLES = ['admin', 'head_of_sales', 'manager', 'channel_manager', 'partner_user'] as const;
export type Role = (typeof ROLES)[number];
