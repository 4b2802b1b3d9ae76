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
