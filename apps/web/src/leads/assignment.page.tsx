// Who gets new leads (the head of sales' assignment rule, `GET|PUT /lead-assignment`): on a fresh platform the rule
// has no members, so every lead without an assignee — a web form's, an import's — lands on nobody's list. This page
// shows the rule with the department's managers by name and saves it.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useSaveForm } from '../shared/save-form';
import { read, type Api } from '../api/client';
import { useSession } from '../auth/session';
import { SelectField } from '../shared/fields';
import { formatDateTime } from '../shared/format';
import { fieldErrors, ProblemMessage } from '../shared/problem';
import { Loading } from '../shared/states';
import { namesFrom, useDirectory, usersOf } from '../shared/user-names';
import { memberRows, ruleBody, ruleWarning, STRATEGIES, type AssignmentRule, type MemberRow, type Strategy } from './assignment-rule';

const RULE_KEY = ['lead-assignment'];

export default function AssignmentPage() {
  const { api, user } = useSession();
  const queries = useQueryClient();
  const directory = useDirectory(api, user);
  const rule = useQuery({ queryKey: RULE_KEY, queryFn: () => read<AssignmentRule>(api.GET('/api/v1/lead-assignment')) });
  const nameOf = namesFrom(directory.data, user.id);

  return (
    <section aria-labelledby="assignment-title">
      <div className="page-head">
        <h1 id="assignment-title">Lead assignment</h1>
        {rule.data?.updatedAt ? <small>Last changed {formatDateTime(rule.data.updatedAt)}</small> : null}
      </div>
      <p className="hint">New leads without an assignee — from the web form, the API or an import — go to the people in the rotation. A repeat client&apos;s lead goes to the client&apos;s owner.</p>
      {rule.isPending || directory.isPending ? <Loading what="Loading the rule" /> : null}
      <ProblemMessage error={rule.error ?? directory.error} prefix="The rule could not be loaded." />
      {rule.data && directory.data ? (
        <AssignmentForm
          // A changed directory (a new colleague) starts the form again from what is stored; a save keeps it.
          key={directory.data.size}
          rule={rule.data}
          rows={memberRows(rule.data, usersOf(directory.data, ['manager', 'head_of_sales']), nameOf)}
          save={(body) => saveRule(api, body)}
          onSaved={(saved) => queries.setQueryData(RULE_KEY, saved)}
        />
      ) : null}
    </section>
  );
}

function saveRule(api: Api, body: { strategy: Strategy; members: AssignmentRule['members'] }) {
  return read<AssignmentRule>(api.PUT('/api/v1/lead-assignment', { body }));
}

export function AssignmentForm({ rule, rows: initialRows, save, onSaved }: { rule: Pick<AssignmentRule, 'strategy'>; rows: MemberRow[]; save: (body: { strategy: Strategy; members: AssignmentRule['members'] }) => Promise<AssignmentRule>; onSaved?: (rule: AssignmentRule) => void }) {
  const [strategy, setStrategy] = useState<Strategy>(rule.strategy);
  const [rows, setRows] = useState(initialRows);
  const { local, error, saved, sending, submit: send, changed } = useSaveForm(save, onSaved);
  const change = (userId: string, patch: Partial<MemberRow>) => {
    changed();
    setRows((current) => current.map((row) => (row.userId === userId ? { ...row, ...patch } : row)));
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    await send(ruleBody(strategy, rows));
  }

  const warning = ruleWarning(rows);
  const api = fieldErrors(error);
  const memberIndex = (userId: string) => rows.filter((row) => row.member).findIndex((row) => row.userId === userId);
  return (
    <form className="card form" onSubmit={submit} aria-label="The lead assignment rule" noValidate>
      <SelectField label="Strategy" name="strategy" value={strategy} onChange={(event) => setStrategy(event.target.value as Strategy)} options={STRATEGIES.map((known) => ({ ...known }))} error={api.strategy} />
      {rows.length === 0 ? (
        <p className="empty">Nobody to assign leads to yet: an administrator adds the managers as users.</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label="The people who may take leads">
          <table>
            <caption className="visually-hidden">The people who may take leads, and how</caption>
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">In the rotation</th>
                <th scope="col">Available</th>
                <th scope="col">Weight</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const index = memberIndex(row.userId);
                const weightError = local[row.userId] ?? (index >= 0 ? api[`members.${index}.weight`] : undefined);
                const errorId = `weight-error-${row.userId}`;
                return (
                  <tr key={row.userId}>
                    <th scope="row">{row.name}</th>
                    <td>
                      <input type="checkbox" aria-label={`${row.name} is in the rotation`} checked={row.member} onChange={(event) => change(row.userId, { member: event.target.checked })} />
                    </td>
                    <td>
                      <input type="checkbox" aria-label={`${row.name} is available`} checked={row.available} disabled={!row.member} onChange={(event) => change(row.userId, { available: event.target.checked })} />
                    </td>
                    <td>
                      <input
                        aria-label={`Weight of ${row.name}`}
                        inputMode="numeric"
                        size={5}
                        value={row.weight}
                        disabled={!row.member}
                        aria-invalid={weightError ? true : undefined}
                        aria-describedby={weightError ? errorId : undefined}
                        onChange={(event) => change(row.userId, { weight: event.target.value })}
                      />
                      {weightError ? (
                        <small id={errorId} className="field-error">
                          {' '}
                          {weightError}
                        </small>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {strategy !== 'weighted' ? <p className="hint">Weights count only with the weighted strategy.</p> : null}
      {warning ? <p className="notice">{warning}</p> : null}
      <ProblemMessage error={error} prefix="The rule was not saved." />
      {saved ? (
        <p role="status" className="success">
          The rule is saved: new leads follow it from now on.
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={sending}>
          {sending ? 'Saving…' : 'Save the rule'}
        </button>
      </div>
    </form>
  );
}
