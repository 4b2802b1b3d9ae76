import { ConflictError, NotFoundError } from '@saleswire/messaging';

export class ImportJobNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('Import', id, `There is no import job ${id}.`);
  }
}

/** 409 for a slice or commit that does not fit the job's state (already committed, rows missing or too many). */
export class ImportJobStateError extends ConflictError {
  constructor(detail: string) {
    super('Import not in that state', detail);
  }
}
