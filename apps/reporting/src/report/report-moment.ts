import type { StatementFold } from '@saleswire/database';
import type { Pipelines } from './report.model';

/** Which pre-aggregated rows a check is about: the deals', the leads' or the partners' records'. */
export type AggregateKind = 'deals' | 'leads' | 'partners';

/**
 * How fresh the facts are at a moment, read in one statement: the time of the newest event projected, at most the
 * moment (`dataAsOf`), and the time of the newest event of each kind whatever the moment (null before any).
 */
export interface Freshness {
  dataAsOf: string | null;
  newest: Record<AggregateKind, number | null>;
}

/** What a moment reads of the facts, each at most once (ReportFactsReader). */
export interface MomentReads {
  pipelines(fold: StatementFold): Promise<{ stages: Pipelines; defaultId: string | null }>;
  freshness(at: Date, fold: StatementFold): Promise<Freshness>;
}

/**
 * The moment one request's reports describe, and what they all read besides their own totals — the pipelines, the
 * freshness (`dataAsOf`), the newest deal and lead events that decide whether the pre-aggregated rows answer —, each
 * read once however many reports ask: the dashboard's five reports share one (ADR 0016, amendment). A single
 * report has its own, so it reads what it read before.
 */
export class ReportMoment {
  private readonly reads = new Map<string, Promise<unknown>>();

  /**
   * `fold`: the small reads the moment's reports ask for in one turn, sent as one statement (ADR 0016, amendments of
   * 2026-12-03 and 2026-12-04, night): first the freshness, the pipelines and the sales plans, then the dozen pre-aggregated
   * sums and the marketing events' costs once the freshness has said the sums answer; a read two reports share once.
   */
  constructor(
    readonly at: Date,
    private readonly facts: MomentReads,
    readonly fold: StatementFold,
  ) {}

  pipelines(): Promise<{ stages: Pipelines; defaultId: string | null }> {
    return this.once('pipelines', () => this.facts.pipelines(this.fold));
  }

  /** The time of the newest event projected, at most the moment. */
  async dataAsOf(): Promise<string | null> {
    return (await this.freshness()).dataAsOf;
  }

  /** The time of the newest deal event (or lead, conversion; or partner record's moment) projected, whatever the moment; null before any. */
  async newestEvent(of: AggregateKind): Promise<number | null> {
    return (await this.freshness()).newest[of];
  }

  private freshness(): Promise<Freshness> {
    return this.once('freshness', () => this.facts.freshness(this.at, this.fold));
  }

  private once<T>(key: string, read: () => Promise<T>): Promise<T> {
    let pending = this.reads.get(key) as Promise<T> | undefined;
    if (!pending) {
      pending = read();
      // A failed read is not kept: the next report asks again rather than failing on another's error.
      pending.catch(() => this.reads.delete(key));
      this.reads.set(key, pending);
    }
    return pending;
  }
}
