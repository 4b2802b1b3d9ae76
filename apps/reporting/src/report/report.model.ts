import type { MoneyV1 } from '@saleswire/contracts';

/** A stage a deal entered, as its event stated it. */
export interface StageEntry {
  stage: string;
  probability: number;
  enteredAt: number;
  version: number;
}

/**
 * A deal as the data stood at the report's moment: only the stage entries, win and loss that had happened by
 * then (the reader cuts them), its attributes as the newest event states them.
 */
export interface DealRecord {
  dealId: string;
  pipelineId: string;
  ownerId: string | null;
  partnerId: string | null;
  isRepeat: boolean;
  amount: number | null;
  currency: string | null;
  /** `yyyy-mm-dd`. */
  expectedCloseDate: string | null;
  openedAt: number;
  wonAt: number | null;
  lostAt: number | null;
  /** In version order; only the newest when the report needs just the current stage, none when it needs no stage. */
  entries: StageEntry[];
}

export interface PipelineStage {
  code: string;
  name: string;
  semantics: 'open' | 'won' | 'lost';
  probability: number;
}

/** Stages of each pipeline known from `pipeline.created`, in order. */
export type Pipelines = ReadonlyMap<string, readonly PipelineStage[]>;

/** `[from, to)` in epoch milliseconds; either end open. */
export interface Period {
  from: number | null;
  to: number | null;
}

export const DAY_MS = 86_400_000;

export function inPeriod(time: number | null, period: Period): boolean {
  return time !== null && (period.from === null || time >= period.from) && (period.to === null || time < period.to);
}

export function statusOf(deal: DealRecord): 'open' | 'won' | 'lost' {
  return deal.wonAt !== null ? 'won' : deal.lostAt !== null ? 'lost' : 'open';
}

/** The probability of the stage the deal is in: its pipeline's, else what the event stated. */
export function probabilityOf(deal: DealRecord, pipelines: Pipelines): number {
  const current = deal.entries[deal.entries.length - 1];
  if (!current) return 0;
  const stage = pipelines.get(deal.pipelineId)?.find((candidate) => candidate.code === current.stage);
  return stage?.probability ?? current.probability;
}

export function round(value: number, places: number): number {
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
}

/** Sums money per currency in cents, so that 0.1 + 0.2 stays 0.3; fractions of a cent (weights) round at the end. */
export class MoneyTotals {
  private readonly cents = new Map<string, number>();

  add(currency: string | null, amount: number | null, factor = 1): this {
    if (currency === null || amount === null) return this;
    this.cents.set(currency, (this.cents.get(currency) ?? 0) + amount * 100 * factor);
    return this;
  }

  get(currency: string): number {
    return round((this.cents.get(currency) ?? 0) / 100, 2);
  }

  currencies(): string[] {
    return [...this.cents.keys()].sort();
  }

  toList(): MoneyV1[] {
    return this.currencies().map((currency) => ({ currency, value: this.get(currency) }));
  }
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function mean(values: number[]): number | null {
  return values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : null;
}
