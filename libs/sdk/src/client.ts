import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './generated/openapi';
import { followEventStream, type FollowOptions, type StreamEvent } from './event-stream';
import { paginate, type Page } from './paging';
import { problemOf, UnauthorizedProblem, type SaleswireProblem } from './problem';
import { createTransport, DEFAULT_RETRY, type RetryOptions } from './transport';

/**
 * How the client signs its requests: an API key, a token, or an email and password it exchanges for a token once,
 * then forgets, keeping the token fresh with `POST /auth/refresh` (a given `{ token }` is used as it is).
 */
export type Credentials = { apiKey: string } | { token: string } | { email: string; password: string };

/** A token of the gateway and when it stops (ms on the client's clock), from `expiresIn` when it arrived. */
interface HeldToken {
  value: string;
  issuedAt: number;
  expiresAt: number;
}

/**
 * When a token the client can refresh should be refreshed: in the last 20 % of its lifetime, and at least its
 * last minute (half of it, for a token living under two minutes). One hour's token: after 48 minutes.
 */
export function refreshDue(token: { issuedAt: number; expiresAt: number }, now: number): boolean {
  const lifetime = token.expiresAt - token.issuedAt;
  const window = Math.max(lifetime * 0.2, Math.min(60_000, lifetime / 2));
  return now >= token.expiresAt - window;
}

export interface SaleswireClientOptions {
  /** The gateway's origin, e.g. `https://api.saleswire.example` (paths carry `/api/v1`). */
  baseUrl: string;
  credentials?: Credentials;
  retry?: Partial<RetryOptions>;
  /** Give every POST an Idempotency-Key of its own (default true); one the call sets is kept. */
  idempotentPosts?: boolean;
  /** The fetch to send with (default the global one); it is always given a `Request`. */
  fetch?: typeof fetch;
  /** The clock tokens' lifetimes are measured on, in ms (default `Date.now`); tests make time pass. */
  now?: () => number;
  /**
   * Called with the problem when the session is over: a request answered 401 (the token expired or is refused),
   * or a refused refresh (401, or 403 for a deactivated user). The request still throws it; an application
   * signs its user out here.
   */
  onUnauthorized?: (problem: SaleswireProblem) => void;
}

/** `GET` paths whose query takes a `cursor`: the keyset-paged lists. */
export type ListPath = {
  [P in keyof paths]: paths[P] extends { get: { parameters: { query?: infer Q } } } ? ('cursor' extends keyof NonNullable<Q> ? P : never) : never;
}[keyof paths];

type GetParameters<P extends keyof paths> = paths[P] extends { get: { parameters: infer X } } ? X : never;
type ListQuery<P extends ListPath> = Omit<NonNullable<GetParameters<P> extends { query?: infer Q } ? Q : never>, 'cursor'>;
type ListPathParams<P extends ListPath> = GetParameters<P> extends { path: infer X } ? X : never;

/** A schema of the document by name, as a type: `Schema<'LeadDetailsV1'>`. */
export type Schema<N extends keyof components['schemas']> = components['schemas'][N];

/** What a `GET` of a path answers with 200, as its schema says: `Answer<'/api/v1/leads/{id}'>` is a `LeadDetailsV1`. */
export type Answer<P extends keyof paths> = paths[P] extends { get: { responses: { 200: { content: { 'application/json': infer A } } } } } ? A : never;

/**
 * The item type of a paged list, as its 200 answer's schema says. A list answers the shared `Page` (whose items
 * are any value) with its own items (`Page & { items: LeadDetailsV1[] }`): indexing the intersection gives them.
 */
export type ListItem<P extends ListPath> = Answer<P> extends { items: readonly unknown[] } ? Answer<P>['items'][number] : unknown;

/** The paged list's parameters: its path parameters (if any) and filters; the cursor is the iterator's. */
export type ListParams<P extends ListPath> = { query?: ListQuery<P> } & ([ListPathParams<P>] extends [never] ? { path?: never } : { path: ListPathParams<P> });

/** The Saleswire SDK: every route typed from the gateway's OpenAPI document, plus the helpers its clients need. */
export class SaleswireClient {
  /** Every route, typed (openapi-fetch): `api.POST('/api/v1/leads', { body })`. A failure throws its problem. */
  readonly api: Client<paths>;
  private token: HeldToken | undefined;
  /** The email and password until they were exchanged for a token: then forgotten (refresh keeps the session). */
  private password: { email: string; password: string } | undefined;
  /** The refresh in flight: requests that find the token due wait for this one rather than start another. */
  private refreshing: Promise<void> | undefined;
  private readonly options: Omit<SaleswireClientOptions, 'credentials'>;
  private readonly send: (input: Request) => Promise<Response>;
  private readonly now: () => number;
  /** The problem of the last refused refresh: it ends the session whatever its status. */
  private refusal: unknown;

  constructor(options: SaleswireClientOptions) {
    const { credentials, ...rest } = options;
    // The options without the credentials: nothing of the client holds a password once it is exchanged.
    this.options = rest;
    this.now = options.now ?? Date.now;
    const apiKey = credentials && 'apiKey' in credentials ? credentials.apiKey : undefined;
    // A token given as it is: its lifetime is unknown here, it is not refreshed.
    if (credentials && 'token' in credentials) this.token = { value: credentials.token, issuedAt: 0, expiresAt: Number.POSITIVE_INFINITY };
    if (credentials && 'email' in credentials) this.password = { email: credentials.email, password: credentials.password };
    const transport = createTransport({
      fetch: options.fetch ?? globalThis.fetch,
      retry: { ...DEFAULT_RETRY, ...options.retry },
      idempotentPosts: options.idempotentPosts ?? true,
      // No refreshCredentials: without the password a 401 cannot be undone here; it surfaces as
      // UnauthorizedProblem and the application signs the user out.
      credentials: async (): Promise<Record<string, string>> => {
        if (apiKey !== undefined) return { 'X-Api-Key': apiKey };
        if (this.token === undefined && this.password) await this.signIn(this.password);
        if (this.token && refreshDue(this.token, this.now())) await this.refresh();
        return this.token === undefined ? {} : { Authorization: `Bearer ${this.token.value}` };
      },
    });
    this.send = async (input) => {
      try {
        return await transport(input);
      } catch (error) {
        if (error instanceof UnauthorizedProblem || error === this.refusal) options.onUnauthorized?.(error as SaleswireProblem);
        throw error;
      }
    };
    this.api = createClient<paths>({ baseUrl: options.baseUrl, fetch: (input) => this.send(input) });
  }

  /**
   * Exchanges an email and password for a token (POST /auth/token), which signs every later request and is
   * refreshed before it expires. The client keeps no password after this.
   */
  async signIn(credentials: { email: string; password: string }): Promise<void> {
    const response = await this.fetch(new URL('/api/v1/auth/token', this.options.baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(credentials),
    });
    this.token = await this.tokenOf(response, 'Signing in failed.');
    this.password = undefined;
  }

  /**
   * Exchanges the current token for a new one (POST /auth/refresh); requests do this by themselves when the
   * token is due (`refreshDue`), one refresh at a time. A refused refresh (401: the token expired; 403: the
   * user was deactivated) drops the token and throws its problem; one the gateway could not answer (503, no
   * connection) keeps the token, which is tried again by the next request while it is still valid.
   */
  refresh(): Promise<void> {
    this.refreshing ??= this.renew().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async renew(): Promise<void> {
    const current = this.token;
    if (!current) throw unauthorized(401, 'There is no token to refresh: sign in.');
    let response: Response;
    try {
      response = await this.fetch(new URL('/api/v1/auth/refresh', this.options.baseUrl), { method: 'POST', headers: { authorization: `Bearer ${current.value}` } });
    } catch (error) {
      if (current.expiresAt > this.now()) return;
      throw error;
    }
    if (response.status === 401 || response.status === 403) {
      if (this.token === current) this.token = undefined;
      this.refusal = await problemOf(response);
      throw this.refusal;
    }
    if (!response.ok && current.expiresAt > this.now()) {
      await response.body?.cancel();
      return;
    }
    const renewed = await this.tokenOf(response, 'Refreshing the token failed.');
    if (this.token === current) this.token = renewed;
  }

  /** The token of a token answer (`{ accessToken, expiresIn }`), or the answer's problem. */
  private async tokenOf(response: Response, failure: string): Promise<HeldToken> {
    if (!response.ok) throw await problemOf(response);
    const body = (await response.json().catch(() => undefined)) as { accessToken?: unknown; expiresIn?: unknown } | undefined;
    if (typeof body?.accessToken !== 'string') throw unauthorized(response.status, failure);
    const issuedAt = this.now();
    const expiresIn = typeof body.expiresIn === 'number' && body.expiresIn > 0 ? body.expiresIn * 1000 : Number.POSITIVE_INFINITY;
    return { value: body.accessToken, issuedAt, expiresAt: issuedAt + expiresIn };
  }

  private fetch(url: URL, init: RequestInit): Promise<Response> {
    return (this.options.fetch ?? globalThis.fetch)(new Request(url, init));
  }

  /**
   * Every item of a paged list, fetching the next page as the loop reaches it:
   * `for await (const lead of client.paginate('/api/v1/leads', { query: { status: 'new' } }))`.
   */
  paginate<P extends ListPath>(path: P, params?: ListParams<P>): AsyncGenerator<ListItem<P>> {
    return paginate<ListItem<P>>(async (cursor) => {
      const init = { params: { path: params?.path, query: { ...params?.query, ...(cursor === undefined ? {} : { cursor }) } } };
      const { data } = await this.api.GET(path as never, init as never);
      return data as unknown as Page<ListItem<P>>;
    });
  }

  /**
   * A partner's feed (`GET /partners/{id}/feed`, server-sent events) for as long as it is iterated, resuming
   * after a dropped connection from the last event received (`Last-Event-ID`), so none is missed or repeated.
   */
  feed(partnerId: string, options: FollowOptions = {}): AsyncGenerator<StreamEvent> {
    return this.events(`/api/v1/partners/${encodeURIComponent(partnerId)}/feed`, options);
  }

  /** Any event stream of the API, followed as `feed` does. */
  events(path: string, options: FollowOptions = {}): AsyncGenerator<StreamEvent> {
    return followEventStream((lastEventId, signal) => {
      const headers: Record<string, string> = { accept: 'text/event-stream' };
      if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
      return this.send(new Request(new URL(path, this.options.baseUrl), { headers, signal }));
    }, options);
  }
}

function unauthorized(status: number, detail: string): UnauthorizedProblem {
  return new UnauthorizedProblem({ type: 'about:blank', title: 'Unauthorized', status, detail, errors: [] });
}

/** A client of the gateway at `baseUrl`, signed in with `credentials`. */
export function createSaleswireClient(options: SaleswireClientOptions): SaleswireClient {
  return new SaleswireClient(options);
}
