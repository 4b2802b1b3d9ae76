import { serviceConfigFromEnv, userDirectorySettingsFromEnv, type ServiceConfig, type UserDirectorySettings } from '@saleswire/messaging';

export const SERVICE = 'leads';

/** What only the leads service reads. */
export interface LeadsSettings {
  /** `REPEAT_DETECTION=off` treats every lead as new business (B2C deployments). */
  repeatDetection: boolean;
  /**
   * `IMPORT_UPLOAD_TIMEOUT_SECONDS` (600): an import still receiving rows that got none for this long is failed,
   * keeping the rows it had already imported (the upload broke off).
   */
  importUploadTimeoutSeconds: number;
}

export type LeadsConfig = ServiceConfig & { leads: LeadsSettings; userDirectory: UserDirectorySettings };

export const LEADS_SETTINGS = Symbol('LEADS_SETTINGS');

/** The leads service's settings, from environment variables (README, "Configuration"). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): LeadsConfig {
  const repeat = (env.REPEAT_DETECTION ?? 'on').trim().toLowerCase();
  if (!['on', 'off'].includes(repeat)) throw new Error(`REPEAT_DETECTION "${env.REPEAT_DETECTION}" must be on or off`);
  const timeout = Number(env.IMPORT_UPLOAD_TIMEOUT_SECONDS ?? 600);
  if (!Number.isInteger(timeout) || timeout < 1) throw new Error(`IMPORT_UPLOAD_TIMEOUT_SECONDS "${env.IMPORT_UPLOAD_TIMEOUT_SECONDS}" must be a positive number of seconds`);
  return {
    ...serviceConfigFromEnv(SERVICE, { port: 3001 }, env),
    leads: { repeatDetection: repeat === 'on', importUploadTimeoutSeconds: timeout },
    userDirectory: userDirectorySettingsFromEnv(env),
  };
}
