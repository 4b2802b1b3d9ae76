import { ProblemError } from '@saleswire/messaging';

export class ImportJobNotFoundError extends ProblemError {
  constructor(id: string) {
    super(404, 'Import not found', `There is no import job ${id}.`);
  }
}

/** 409 for a slice or commit that does not fit the job's state (already committed, rows missing or too many). */
export class ImportJobStateError extends ProblemError {
  constructor(detail: string) {
    super(409, 'Import not in that state', detail);
  }
}
