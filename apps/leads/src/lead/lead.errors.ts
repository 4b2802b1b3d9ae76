import { ProblemError } from '@saleswire/messaging';

/** 404 for a lead that does not exist or is outside the caller's scope (API.md: the two look the same). */
export class LeadNotFoundError extends ProblemError {
  constructor(id: string) {
    super(404, 'Lead not found', `There is no lead ${id}.`);
  }
}

/** 412 when `If-Match` names a version the lead has moved past. */
export class LeadVersionMismatchError extends ProblemError {
  constructor(expected: number, actual: number) {
    super(412, 'Precondition failed', `The lead is at version ${actual}, not ${expected}; read it again and retry.`);
  }
}

/** 422 for a status move the rules forbid. */
export class LeadStatusMoveError extends ProblemError {
  constructor(reason: string) {
    super(422, 'Status change not allowed', reason);
  }
}

/** 409 for converting a lead a second time. */
export class LeadAlreadyConvertedError extends ProblemError {
  constructor(id: string) {
    super(409, 'Lead already converted', `Lead ${id} was converted already.`);
  }
}

/** 403 for a change the caller's role may not make on a lead it can see. */
export class LeadChangeForbiddenError extends ProblemError {
  constructor(detail: string) {
    super(403, 'Forbidden', detail);
  }
}
