import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './generated/openapi';
import { followEventStream, type FollowOptions, type StreamEvent } from './event-stream';
import { paginate, type Page } from './paging';
import { problemOf, UnauthorizedProblem } from './problem';
import { createTransport, DEFAULT_RETRY, type RetryOptions } from './transport';

/** How the client signs its requests: an API key, a token, or an email and password it exchanges for tokens. */
export type Credentials = { apiKey: string } | { token: string } | { email: string; password: string };

export interface SaleswireClientOptions {
  /** The gateway's origin, e.g. `https://api.saleswire.example` (paths carry `/api/v1`). */
  baseUrl: string;
  credentials?: Credentials;
  retry?: Partial<RetryOptions>;
  /** Give every POST an Idempotency-Key of its own (default true); one the call sets is kept. */
  idempotentPosts?: boolean;
  /** The fetch to send with (default the global one); it is always given a `Request`. */
  fetch?: typeof fetch;
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
  private token: string | undefined;
  private readonly options: SaleswireClientOptions;
  private readonly send: (input: Request) => Promise<Response>;

  constructor(options: SaleswireClientOptions) {
    this.options = options;
    const credentials = options.credentials;
    if (credentials && 'token' in credentials) this.token = credentials.token;
    const password = credentials && 'email' in credentials ? credentials : undefined;
    this.send = createTransport({
      fetch: options.fetch ?? globalThis.fetch,
      retry: { ...DEFAULT_RETRY, ...options.retry },
      idempotentPosts: options.idempotentPosts ?? true,
      credentials: async (): Promise<Record<string, string>> => {
        if (credentials && 'apiKey' in credentials) return { 'X-Api-Key': credentials.apiKey };
        if (this.token === undefined && password) await this.signIn(password);
        return this.token === undefined ? {} : { Authorization: `Bearer ${this.token}` };
      },
      // An expired token: sign in again once, when the client holds a password to do it with.
      refreshCredentials: password
        ? async () => {
            this.token = undefined;
            await this.signIn(password);
            return true;
          }
        : undefined,
    });
    this.api = createClient<paths>({ baseUrl: options.baseUrl, fetch: (input) => this.send(input) });
  }

  /** Exchanges an email and password for a token (POST /auth/token), which signs every later request. */
  async signIn(credentials: { email: string; password: string }): Promise<void> {
    const response = await (this.options.fetch ?? globalThis.fetch)(
      new Request(new URL('/api/v1/auth/token', this.options.baseUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(credentials),
      }),
    );
    if (!response.ok) throw await problemOf(response);
    const body = (await response.json().catch(() => undefined)) as { accessToken?: unknown } | undefined;
    if (typeof body?.accessToken !== 'string') {
      throw new UnauthorizedProblem({ type: 'about:blank', title: 'Unauthorized', status: response.status, detail: 'Signing in failed.', errors: [] });
    }
    this.token = body.accessToken;
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

/** A client of the gateway at `baseUrl`, signed in with `credentials`. */
export function createSaleswireClient(options: SaleswireClientOptions): SaleswireClient {
  return new SaleswireClient(options);
}
