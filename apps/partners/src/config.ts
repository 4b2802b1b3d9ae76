import { serviceConfigFromEnv, type ServiceConfig } from '@saleswire/messaging';

export const SERVICE = 'partners';

export type PartnersConfig = ServiceConfig;

/** The partners service's settings, from environment variables (README, "Configuration"). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): PartnersConfig {
  return serviceConfigFromEnv(SERVICE, { port: 3003 }, env);
}
