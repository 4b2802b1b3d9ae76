import type { Role } from '@saleswire/contracts';

/** An API key as `GET /api-keys` lists it: never the key itself, only its first characters. */
export interface ApiKeyView {
  id: string;
  name: string;
  role: Role;
  partnerId: string | null;
  /** Requests a second this key may send; null for the users' default. */
  rateLimit: number | null;
  /** Web origins whose pages may read the answers to this key's requests (CORS), besides the gateway's own list. */
  allowedOrigins: string[];
  /** The key's first characters (`sw_live_AbCdEf`), to tell keys apart. */
  prefix: string;
  createdBy: string;
  createdAt: string;
  /** When a request last used the key, to within a few seconds (usage is written in batches). */
  lastUsedAt: string | null;
}

/** The answer to `POST /api-keys`: the view and, this once, the key. */
export interface CreatedApiKeyView extends ApiKeyView {
  key: string;
}
