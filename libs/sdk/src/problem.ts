import type { components } from './generated/openapi';

/** A problem document (RFC 9457) as the gateway answers every failure, `application/problem+json`. */
export type ProblemDocument = components['schemas']['Problem'];
export type FieldError = components['schemas']['FieldError'];

/** A failure the gateway answered with a problem document; `instanceof` a subclass to tell the kinds apart. */
export class SaleswireProblem extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  /** The fields a `400` names, each with its message. */
  readonly errors: FieldError[];
  /** Seconds the gateway asked to wait (`Retry-After`), when it said. */
  readonly retryAfterSeconds: number | undefined;

  constructor(problem: ProblemDocument, retryAfterSeconds?: number) {
    super(`${problem.status} ${problem.title}: ${problem.detail}`);
    this.name = new.target.name;
    this.status = problem.status;
    this.type = problem.type;
    this.title = problem.title;
    this.detail = problem.detail;
    this.errors = problem.errors ?? [];
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** 400: bad input; `errors` names each field. */
export class BadInputProblem extends SaleswireProblem {}
/** 401: no credentials, or ones that are not valid (any more). */
export class UnauthorizedProblem extends SaleswireProblem {}
/** 403: the caller may not do this. */
export class ForbiddenProblem extends SaleswireProblem {}
/** 404: no such record, or one outside the caller's scope. */
export class NotFoundProblem extends SaleswireProblem {}
/** 409: the record's state refuses this, or an Idempotency-Key was reused with another request. */
export class ConflictProblem extends SaleswireProblem {}
/** 412: the version sent in If-Match is not the current one: read again, then change. */
export class StaleVersionProblem extends SaleswireProblem {}
/** 422: a rule of the domain refuses the change. */
export class DomainRuleProblem extends SaleswireProblem {}
/** 428: the change needs If-Match. */
export class PreconditionRequiredProblem extends SaleswireProblem {}
/** 429: a rate limit is spent (after the client's own retries). */
export class RateLimitedProblem extends SaleswireProblem {}
/** 503: a service was away (after the client's own retries). */
export class UnavailableProblem extends SaleswireProblem {}

const KINDS: Record<number, typeof SaleswireProblem> = {
  400: BadInputProblem,
  401: UnauthorizedProblem,
  403: ForbiddenProblem,
  404: NotFoundProblem,
  409: ConflictProblem,
  412: StaleVersionProblem,
  422: DomainRuleProblem,
  428: PreconditionRequiredProblem,
  429: RateLimitedProblem,
  503: UnavailableProblem,
};

/** Seconds of a `Retry-After` header (a number of seconds or an HTTP date), or undefined. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - now) / 1000);
}

/** The typed error of a failed answer: its problem document, or one made from the status when it has none. */
export async function problemOf(response: Response): Promise<SaleswireProblem> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const document = body as Partial<ProblemDocument> | undefined;
  const problem: ProblemDocument = {
    type: typeof document?.type === 'string' ? document.type : 'about:blank',
    title: typeof document?.title === 'string' ? document.title : response.statusText || `HTTP ${response.status}`,
    status: response.status,
    detail: typeof document?.detail === 'string' ? document.detail : response.statusText || `HTTP ${response.status}`,
    errors: Array.isArray(document?.errors) ? document.errors : [],
  };
  const Kind = KINDS[response.status] ?? SaleswireProblem;
  return new Kind(problem, retryAfterSeconds(response.headers.get('retry-after')));
}
