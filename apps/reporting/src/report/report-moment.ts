import type { Pipelines } from './report.model';

/** Which pre-aggregated rows a check is about: the deals', the leads' or the partners' records'. */
export type AggregateKind = 'deals' | 'leads' | 'partners';

/** What a moment reads of the facts, each at most once (ReportFactsReader). */
export interface MomentReads {
  pipelines(): Promise<{ stages: Pipelines; defaultId: string | null }>;
  dataAsOf(at: Date): Promise<string | null>;
  newestEvent(of: AggregateKind): Promise<number | null>;
}

/**
 * The moment one request's reports describe, and what they all read besides their own totals — the pipelines, the
 * freshness (`dataAsOf`), the newest deal and lead events that decide whether the pre-aggregated rows answer —, each
 * read once however many reports ask: the dashboard's five reports share one (ADR 0016, amendment). A single
 * report has its own, so it reads what it read before.
 */
export class ReportMoment {
  private readonly reads = new Map<string, Promise<unknown>>();

  constructor(
    readonly at: Date,
    private readonly facts: MomentReads,
  ) {}

  pipelines(): Promise<{ stages: Pipelines; defaultId: string | null }> {
    return this.once('pipelines', () => this.facts.pipelines());
  }

  /** The time of the newest event projected, at most the moment. */
  dataAsOf(): Promise<string | null> {
    return this.once('dataAsOf', () => this.facts.dataAsOf(this.at));
  }

  /** The time of the newest deal event (or lead, conversion) projected, whatever the moment; null before any. */
  newestEvent(of: AggregateKind): Promise<number | null> {
    return this.once(`newest:${of}`, () => this.facts.newestEvent(of));
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
