import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { AuthenticatedPrincipal } from '../auth/principal';
import type { OriginSource } from '../http/browser-origins';
import { ApiKeyStore } from './api-key.store';

/** How often the origins every key lists are read again: a key made on another replica counts for preflights by then. */
export const API_KEY_ORIGINS_REFRESH_MS = 10_000;

/**
 * The API keys' allowed origins (CORS). A key's own origins come with its grant (ApiKeyLookup's cache), so an
 * answer costs nothing more; a preflight, which carries no key, is answered for any origin some key not revoked
 * lists, kept here in memory: read at start, after every key made or revoked on this replica, and every 10 s
 * (the longest another replica's new key waits before its origin's preflights are answered here).
 */
@Injectable()
export class ApiKeyOrigins implements OriginSource, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ApiKeyOrigins.name);
  private listed: ReadonlySet<string> = new Set();
  private timer?: NodeJS.Timeout;
  private reading?: Promise<void>;
  private failing = false;

  constructor(private readonly store: ApiKeyStore) {}

  onApplicationBootstrap(): void {
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), API_KEY_ORIGINS_REFRESH_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.reading;
  }

  lists(origin: string): boolean {
    return this.listed.has(origin);
  }

  originsOf(principal: AuthenticatedPrincipal): readonly string[] {
    return principal.via === 'api_key' ? (principal.allowedOrigins ?? []) : [];
  }

  /** Reads the origins again; answers once they are applied (a failure keeps what is known, logged once). */
  refresh(): Promise<void> {
    // A read already under way may predate the change that asks for this one: chain a fresh read after it.
    const next = (this.reading ?? Promise.resolve()).then(() => this.read());
    this.reading = next.finally(() => {
      if (this.reading === next) this.reading = undefined;
    });
    return next;
  }

  private async read(): Promise<void> {
    try {
      this.listed = new Set(await this.store.listedOrigins());
      if (this.failing) this.logger.log({ msg: 'API keys’ origins read again' });
      this.failing = false;
    } catch (error) {
      if (!this.failing) this.logger.warn({ msg: 'could not read the API keys’ origins; keeping what is known', error: (error as Error).message });
      this.failing = true;
    }
  }
}
