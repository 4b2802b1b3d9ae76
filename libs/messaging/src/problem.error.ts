import type { FieldError, RpcProblem } from '@saleswire/contracts';

/**
 * An error that already knows how it is answered: its HTTP status, title and field errors. Services throw
 * subclasses (`LeadNotFoundError`); the RPC filter sends them as problems and the gateway answers them.
 */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly type = 'about:blank',
  ) {
    super(detail ?? title);
    this.name = new.target.name;
  }

  toProblem(): RpcProblem {
    return { type: this.type, status: this.status, title: this.title, detail: this.detail, errors: this.errors };
  }

  static from(problem: RpcProblem): ProblemError {
    return new ProblemError(problem.status, problem.title, problem.detail, problem.errors, problem.type);
  }
}

/** 400 for an input that fails its contract's validation. */
export class InvalidInputError extends ProblemError {
  constructor(errors: FieldError[], detail = 'The request does not match its contract.') {
    super(400, 'Invalid request', detail, errors);
  }
}

/** 503 for a service that did not answer in time or cannot be reached. */
export class ServiceUnavailableError extends ProblemError {
  constructor(detail: string) {
    super(503, 'Service unavailable', detail);
  }
}

/**
 * 404 for a record that does not exist or lies outside the caller's scope: API.md answers both alike, so that a
 * caller cannot learn that a record it may not see exists.
 */
export class NotFoundError extends ProblemError {
  constructor(what: string, id: string, detail = `No ${what.toLowerCase()} ${id} that you can see.`) {
    super(404, `${what} not found`, detail);
  }
}

/** 403 for what the caller's role may not do at all; a record it may not see is a `NotFoundError` instead. */
export class ForbiddenError extends ProblemError {
  constructor(detail: string) {
    super(403, 'Forbidden', detail);
  }
}

/** 409 for a change that collides with the record's state or another record (a second conversion, a taken email). */
export class ConflictError extends ProblemError {
  constructor(title: string, detail: string, errors?: FieldError[]) {
    super(409, title, detail, errors);
  }
}

/** 412 for an `If-Match` that names a version the record has moved past. */
export class StaleVersionError extends ProblemError {
  constructor(current: number, expected: number, what = 'record') {
    super(412, 'Precondition failed', `The ${what} is at version ${current}, not ${expected}; read it again.`);
  }
}

/** 422 for a change a rule of the domain refuses (a forbidden stage move, a payment in another currency). */
export class DomainRuleError extends ProblemError {
  constructor(detail: string, errors: FieldError[] = [], readonly code?: string, title = 'Refused by a rule of the domain') {
    super(422, title, detail, errors);
  }
}
