import { serviceConfigFromEnv, userDirectorySettingsFromEnv, type ServiceConfig, type UserDirectorySettings } from '@saleswire/messaging';

export const SERVICE = 'deals';

export interface RepeatSalesConfig {
  /** Off in deployments (B2C) that work new and returning customers the same way. */
  enabled: boolean;
  /** A repeat deal opens this many days before the expected purchase (REPEAT_LEAD_DAYS). */
  leadDays: number;
  /** How often every customer's rhythm is checked again, besides right after each purchase. */
  checkIntervalMs: number;
}

export interface DealsConfig extends ServiceConfig {
  repeatSales: RepeatSalesConfig;
  /** USER_DIRECTORY_WAIT_MS: how long an owner or team member not heard of yet is waited for. */
  userDirectory: UserDirectorySettings;
}

function nonNegativeInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`${name} "${value}" must be a whole number of 0 or more`);
  return parsed;
}

/** The deals service's settings, from environment variables (README, "Configuration"). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): DealsConfig {
  return {
    ...serviceConfigFromEnv(SERVICE, { port: 3002 }, env),
    userDirectory: userDirectorySettingsFromEnv(env),
    repeatSales: {
      enabled: !['false', '0', 'off'].includes((env.REPEAT_SALES_ENABLED ?? '').toLowerCase()),
      leadDays: nonNegativeInt(env.REPEAT_LEAD_DAYS, 14, 'REPEAT_LEAD_DAYS'),
      checkIntervalMs: nonNegativeInt(env.REPEAT_CHECK_INTERVAL_MS, 3_600_000, 'REPEAT_CHECK_INTERVAL_MS'),
    },
  };
}
