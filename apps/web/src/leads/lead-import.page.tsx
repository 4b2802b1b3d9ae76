import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { read } from '../api/client';
import { useSession } from '../auth/session';
import { formatPercent, humanize } from '../shared/format';
import { ProblemMessage } from '../shared/problem';
import { Empty } from '../shared/states';
import { importFinished, importShare, rejectedRows, type ImportJobView } from './import-progress';

const POLL_MS = 1000;

export default function LeadImportPage() {
  const { api, user } = useSession();
  const queries = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);

  const upload = useMutation({
    mutationFn: async (csv: File) => {
      const text = await csv.text();
      return read<{ jobId: string }>(
        api.POST('/api/v1/leads/import', {
          body: text as never,
          headers: { 'Content-Type': 'text/csv' },
          bodySerializer: (body: unknown) => body as string,
        }),
      );
    },
    onSuccess: (answer) => setJobId(answer.jobId),
  });
  const job = useQuery({
    queryKey: ['lead-import', jobId],
    enabled: jobId !== null,
    queryFn: () => read<ImportJobView>(api.GET('/api/v1/leads/import/{jobId}', { params: { path: { jobId: jobId! } } })),
    // Asked again every second until the job is over.
    refetchInterval: (query) => (query.state.data && importFinished(query.state.data) ? false : POLL_MS),
  });
  const finished = job.data ? importFinished(job.data) : false;
  // The lists read before the import (kept fresh for a while by the query client) are out of date once it is over.
  useEffect(() => {
    if (finished) void queries.invalidateQueries({ queryKey: ['leads'] });
  }, [finished, jobId, queries]);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (file) upload.mutate(file);
  }

  const view = job.data;
  return (
    <section>
      <div className="page-head">
        <h1>Import leads</h1>
        <Link to="/leads">Back to the leads</Link>
      </div>
      <form className="card form" onSubmit={submit} aria-label="Import a CSV of leads">
        <div className="field">
          <label htmlFor="csv-file">CSV file</label>
          <input id="csv-file" name="file" type="file" accept=".csv,text/csv" aria-describedby="csv-hint" onChange={(event) => setFile(event.target.files?.[0] ?? null)} />
          <small id="csv-hint" className="hint">
            A header row naming the fields: name, email, phone, company, taxId, source, direction, region, title, expectedAmount, currency… Up to 100,000 rows.
            {user.role === 'manager' ? ' Rows without an assigneeId go to whoever the assignment rule picks; your list shows the leads assigned to you.' : null}
          </small>
        </div>
        <ProblemMessage error={upload.error} prefix="Nothing was imported." withErrors />
        <div className="actions">
          <button type="submit" className="primary" disabled={!file || upload.isPending}>
            {upload.isPending ? 'Uploading…' : 'Import'}
          </button>
        </div>
      </form>
      <ProblemMessage error={job.error} />
      {view ? (
        <div className="card">
          <h2>Job {humanize(view.status)}</h2>
          <label htmlFor="import-progress">Progress: {formatPercent(importShare(view))}</label>
          <progress id="import-progress" max={1} value={importShare(view)}>
            {formatPercent(importShare(view))}
          </progress>
          <p role="status">
            {view.accepted} accepted, {view.rejected} rejected of {view.total} rows.
          </p>
          {view.lastError ? <p className="problem">{view.lastError}</p> : null}
          {finished && view.accepted > 0 ? (
            <p>
              <Link to="/leads">See the imported leads</Link>
            </p>
          ) : null}
          <h3>Rejected rows</h3>
          {view.errors.length === 0 ? (
            <Empty>No row was rejected.</Empty>
          ) : (
            <div className="table-wrap" tabIndex={0} role="region" aria-label="Rejected rows table">
              <table>
                <caption className="visually-hidden">Rejected rows: the row of the file (the header not counted), the column and why</caption>
                <thead>
                  <tr>
                    <th scope="col">Row</th>
                    <th scope="col">Column</th>
                    <th scope="col">Why</th>
                  </tr>
                </thead>
                <tbody>
                  {rejectedRows(view.errors).map((line) => (
                    <tr key={`${line.row}-${line.column}`}>
                      <th scope="row">{line.row}</th>
                      <td>{line.column}</td>
                      <td>{line.reasons.join('; ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {view.errorsTruncated ? <p className="notice">More rows were rejected than the job keeps; the first ones are listed.</p> : null}
        </div>
      ) : null}
    </section>
  );
}
