import { importFinished, importShare, rejectedRows, type ImportJobView } from './import-progress';

const job = (patch: Partial<ImportJobView>): ImportJobView => ({ jobId: 'j', status: 'running', total: 10, accepted: 0, rejected: 0, errors: [], ...patch });

describe('an import job as the page shows it', () => {
  it.each([
    ['a job receiving its rows', job({ status: 'receiving', total: 0 }), 0, false],
    ['a running job, by the rows it processed', job({ processed: 4, accepted: 1, rejected: 1 }), 0.4, false],
    ['a running job without processed, by its counts', job({ accepted: 3, rejected: 2 }), 0.5, false],
    ['a completed job, whatever its counts', job({ status: 'completed', accepted: 1 }), 1, true],
    ['a failed job', job({ status: 'failed' }), 1, true],
  ])('should make %s %p done', (_what, view, share, finished) => {
    expect(importShare(view)).toBe(share);
    expect(importFinished(view)).toBe(finished);
  });

  it('should list the rejected cells one line each, named as the CSV names them, rows in order', () => {
    expect(
      rejectedRows([
        { row: 4, field: 'contact.name', message: 'name should not be empty' },
        { row: 2, field: 'source', message: 'source must be one of …' },
        { row: 4, field: 'contact.name', message: 'name must be a string' },
        { row: 4, field: 'company.taxId', message: 'taxId is not valid' },
      ]),
    ).toEqual([
      { row: 2, column: 'source', reasons: ['source must be one of …'] },
      { row: 4, column: 'name', reasons: ['name should not be empty', 'name must be a string'] },
      { row: 4, column: 'taxId', reasons: ['taxId is not valid'] },
    ]);
  });
});
