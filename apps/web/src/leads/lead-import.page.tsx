import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { read } from '../api/client';
import { useApi } from '../auth/session';
import { formatPercent, humanize } from '../shared/format';
import { ProblemMessage } from '../shared/problem';
import { Empty } from '../shared/states';
import { importFinished, importShare, type ImportJobView } from './import-progress';

const POLL_MS = 1000;

export default function LeadImportPage() {
  const api = useApi();
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
          </small>
        </div>
        <ProblemMessage error={upload.error} />
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
          <h3>Rejected rows</h3>
          {view.errors.length === 0 ? (
            <Empty>No row was rejected.</Empty>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Row</th>
                    <th scope="col">Field</th>
                    <th scope="col">Why</th>
                  </tr>
                </thead>
                <tbody>
                  {view.errors.map((error) => (
                    <tr key={`${error.row}-${error.field}`}>
                      <td>{error.row}</td>
                      <td>{error.field}</td>
                      <td>{error.message}</td>
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
