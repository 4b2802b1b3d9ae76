import { serviceConfigFromEnv, type ServiceConfig } from '@saleswire/messaging';

export const SERVICE = 'leads';

export type LeadsConfig = ServiceConfig;

/** The leads service's settings, from environment variables (README, "Configuration"). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): LeadsConfig {
  return serviceConfigFromEnv(SERVICE, { port: 3001 }, env);
}
