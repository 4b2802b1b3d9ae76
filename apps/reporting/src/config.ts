import { serviceConfigFromEnv, type ServiceConfig } from '@saleswire/messaging';

export const SERVICE = 'reporting';

export type ReportingConfig = ServiceConfig;

/** The reporting service's settings, from environment variables (README, "Configuration"). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ReportingConfig {
  return serviceConfigFromEnv(SERVICE, { port: 3004 }, env);
}
