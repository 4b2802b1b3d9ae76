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
  /** The attributes reports filter on but do not compute with (read by the projection's pre-aggregation). */
  channel?: string;
  direction?: string | null;
  source?: string | null;
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

/** Whether a period is all of time: no start and no end. */
export function allOfTime(period: Period): boolean {
  return period.from === null && period.to === null;
}

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

/**
 * Sums money per currency exactly, in ten-thousandths (cents × percent): a weight (a stage's probability, a whole
 * percent) keeps its fraction of a cent until the end, and the sum is the same whatever the order of the additions
 * — a sum of per-deal amounts equals the sum of pre-aggregated rows of the same deals (ADR 0012, amended). Rounds
 * to the cent, half up, when read.
 */
export class MoneyTotals {
  private readonly units = new Map<string, number>();

  /** `percent` of `amount` (an amount of the currency's cents, as numeric(18,2) holds it). */
  add(currency: string | null, amount: number | null, percent = 100): this {
    if (currency === null || amount === null) return this;
    return this.addCents(currency, Math.round(amount * 100), percent);
  }

  addCents(currency: string, cents: number, percent = 100): this {
    this.units.set(currency, (this.units.get(currency) ?? 0) + cents * percent);
    return this;
  }

  get(currency: string): number {
    return Math.round((this.units.get(currency) ?? 0) / 100) / 100;
  }

  currencies(): string[] {
    return [...this.units.keys()].sort();
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
