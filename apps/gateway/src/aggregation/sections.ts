import { ProblemError } from '@saleswire/messaging';

/** A part of an aggregated answer that did not come: which service, and what is missing (issue 12's shape). */
export interface AggregationWarning {
  service: string;
  problem: string;
}

/** One part of an aggregated answer: the service that answers it and how to ask, within `deadlineMs`. */
export interface Section<T> {
  source: string;
  load: (deadlineMs: number) => Promise<T>;
  /** What a warning says is missing when it does not come: its key, unless it yields several parts (their keys). */
  names?: string;
}

/** What came of each section (null for one that did not come), and the warnings naming what is missing. */
export interface Gathered<T extends Record<string, unknown>> {
  values: { [K in keyof T]: T[K] | null };
  warnings: AggregationWarning[];
}

/** Statuses that say "the service is away or slow", not "the request is wrong": those degrade to a warning. */
const DEGRADING = new Set([502, 503, 504]);

class DeadlinePassed extends Error {}

/**
 * Asks every section at once and waits for each at most `deadlineMs`. A section whose service is away or slow
 * (no answer in time, a 503/504) is null with a warning; any other failure (a 404 from the service that owns
 * the record, a 403) fails the whole answer, because it says something about the request, not the service.
 */
export async function gather<T extends Record<string, unknown>>(
  sections: { [K in keyof T]: Section<T[K]> },
  deadlineMs: number,
): Promise<Gathered<T>> {
  const keys = Object.keys(sections) as Array<keyof T & string>;
  const warnings: AggregationWarning[] = [];
  const settled = await Promise.allSettled(keys.map((key) => withDeadline(sections[key].load(deadlineMs), deadlineMs)));
  const values = {} as { [K in keyof T]: T[K] | null };
  settled.forEach((outcome, index) => {
    const key = keys[index];
    if (outcome.status === 'fulfilled') {
      values[key] = outcome.value as T[typeof key];
      return;
    }
    const problem = degradedProblem(outcome.reason, sections[key].names ?? key, deadlineMs);
    if (problem === null) throw outcome.reason;
    values[key] = null;
    warnings.push({ service: sections[key].source, problem });
  });
  return { values, warnings };
}

function degradedProblem(error: unknown, key: string, deadlineMs: number): string | null {
  if (error instanceof DeadlinePassed) return `${key}: no answer within ${deadlineMs} ms.`;
  if (error instanceof ProblemError && DEGRADING.has(error.status)) return `${key}: ${error.detail}`;
  return null;
}

function withDeadline<T>(work: Promise<T>, deadlineMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlinePassed()), deadlineMs);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
