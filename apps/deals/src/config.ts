import { serviceConfigFromEnv, type ServiceConfig } from '@saleswire/messaging';

export const SERVICE = 'deals';

export type DealsConfig = ServiceConfig;

/** The deals service's settings, from environment variables (README, "Configuration"). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): DealsConfig {
  return serviceConfigFromEnv(SERVICE, { port: 3002 }, env);
}
