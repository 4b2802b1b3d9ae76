// The board of one pipeline: a column per stage with its count and amounts per currency, each card movable with
// its "Move to" control (keyboard) or by dragging it onto a column (mouse).
import { useState, type DragEvent } from 'react';
import { Link } from 'react-router';
import type { Deal, Stage } from '../api/views';
import { formatMoney, formatMoneyList } from '../shared/format';
import type { NameOf } from '../shared/user-names';
import { applyMove, buildColumns, moveFailure, moveRefusal, replaceDeal } from './board-move';

export interface DealBoardProps {
  stages: Stage[];
  deals: Deal[];
  /** Sends the move (POST /deals/{id}/stage with If-Match) and answers the deal as the API has it after. */
  move: (deal: Deal, stage: string, reason?: string) => Promise<Deal>;
  /** Reads one deal again (after a 412). */
  reload: (id: string) => Promise<Deal>;
  /** The owner's name on each card (the user directory, shared/user-names); without it no owner is shown. */
  nameOf?: NameOf;
}

interface Notice {
  dealId: string;
  message: string;
}

export function DealBoard({ stages, deals: initial, move, reload, nameOf }: DealBoardProps) {
  const [deals, setDeals] = useState(initial);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [dropTarget, setDropTarget] = useState<string | null>(null);

  async function moveDeal(deal: Deal, to: string, reason?: string) {
    if (deal.stage === to) return;
    const refusal = moveRefusal(deal, to, stages, reason);
    if (refusal) {
      setNotice({ dealId: deal.id, message: refusal });
      return;
    }
    setNotice(null);
    setBusy(deal.id);
    const before = deals;
    setDeals(applyMove(deals, deal.id, to));
    try {
      const moved = await move(deal, to, reason);
      setDeals((current) => replaceDeal(current, moved));
      setNotice({ dealId: deal.id, message: `Moved to ${stages.find((stage) => stage.code === moved.stage)?.name ?? moved.stage}.` });
    } catch (error) {
      const failure = moveFailure(error);
      setDeals(before);
      if (failure.reload) {
        try {
          const fresh = await reload(deal.id);
          setDeals((current) => replaceDeal(current, fresh));
        } catch {
          // The card stays as it was; the notice says what happened.
        }
      }
      setNotice({ dealId: deal.id, message: failure.message });
    } finally {
      setBusy(null);
    }
  }

  function onDrop(event: DragEvent, stage: string) {
    event.preventDefault();
    setDropTarget(null);
    const deal = deals.find((candidate) => candidate.id === event.dataTransfer.getData('text/plain'));
    if (!deal) return;
    const target = stages.find((candidate) => candidate.code === stage);
    // Dropping on "lost" asks for the reason on the card instead.
    if (target?.semantics === 'lost') setNotice({ dealId: deal.id, message: 'Say why the deal was lost: choose Lost in its Move to list.' });
    else void moveDeal(deal, stage);
  }

  return (
    <>
      <p className="visually-hidden" role="status" aria-live="polite">
        {notice?.message ?? ''}
      </p>
      <div className="board" aria-label="Deal board">
        {buildColumns(stages, deals).map((column) => (
          <section
            key={column.stage.code}
            className={dropTarget === column.stage.code ? 'board-column drop-target' : 'board-column'}
            aria-labelledby={`column-${column.stage.code}`}
            data-stage={column.stage.code}
            onDragOver={(event) => {
              event.preventDefault();
              setDropTarget(column.stage.code);
            }}
            onDragLeave={() => setDropTarget(null)}
            onDrop={(event) => onDrop(event, column.stage.code)}
          >
            <h2 id={`column-${column.stage.code}`}>{column.stage.name}</h2>
            <p className="totals" data-testid={`totals-${column.stage.code}`}>
              {column.count} {column.count === 1 ? 'deal' : 'deals'} · {formatMoneyList(column.totals)}
            </p>
            <ol>
              {column.deals.map((deal) => (
                <DealCard key={deal.id} deal={deal} stages={stages} busy={busy === deal.id} notice={notice?.dealId === deal.id ? notice.message : undefined} onMove={moveDeal} owner={nameOf?.(deal.ownerId)} />
              ))}
            </ol>
          </section>
        ))}
      </div>
    </>
  );
}

function DealCard({ deal, stages, busy, notice, onMove, owner }: { deal: Deal; stages: Stage[]; busy: boolean; notice?: string; onMove: (deal: Deal, to: string, reason?: string) => Promise<void>; owner?: string }) {
  const [to, setTo] = useState(deal.stage);
  const [reason, setReason] = useState('');
  const closed = stages.find((stage) => stage.code === deal.stage)?.semantics !== 'open';
  const lost = stages.find((stage) => stage.code === to)?.semantics === 'lost';
  const selectId = `move-${deal.id}`;
  return (
    <li
      className="deal-card"
      draggable={!closed && !busy}
      onDragStart={(event) => event.dataTransfer.setData('text/plain', deal.id)}
      aria-busy={busy}
      data-deal={deal.id}
    >
      <Link to={`/deals/${deal.id}`}>{deal.title}</Link>
      <span>{deal.amount != null && deal.currency ? formatMoney(deal.amount, deal.currency) : '—'}</span>
      {owner !== undefined ? <span className="deal-owner">Owner: {owner}</span> : null}
      {deal.isRepeat ? <span className="badge">repeat</span> : null}
      {closed ? null : (
        <form
          className="form"
          aria-label={`Move ${deal.title}`}
          onSubmit={(event) => {
            event.preventDefault();
            void onMove(deal, to, lost ? reason : undefined);
          }}
        >
          <label htmlFor={selectId} className="visually-hidden">
            Move {deal.title} to
          </label>
          <select id={selectId} value={to} onChange={(event) => setTo(event.target.value)}>
            {stages.map((stage) => (
              <option key={stage.code} value={stage.code}>
                {stage.name}
              </option>
            ))}
          </select>
          {lost ? (
            <>
              <label htmlFor={`${selectId}-reason`}>Why was it lost?</label>
              <input id={`${selectId}-reason`} value={reason} onChange={(event) => setReason(event.target.value)} />
            </>
          ) : null}
          <button type="submit" disabled={busy || to === deal.stage} aria-label={`Move ${deal.title}`}>
            Move
          </button>
        </form>
      )}
      {notice ? (
        <p className="notice" data-testid="card-notice">
          {notice}
        </p>
      ) : null}
    </li>
  );
}
