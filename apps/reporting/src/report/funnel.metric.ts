import type { FunnelStageV1 } from '@saleswire/contracts';
import { DAY_MS, MoneyTotals, round, type DealRecord, type PipelineStage, type Pipelines } from './report.model';

/**
 * The funnel "with conversion" (Bitrix24's): a deal counts in every stage up to the furthest one it reached in
 * its pipeline's order, skipped stages included and a move back not undoing it; a lost deal counts up to the
 * furthest stage it reached and in the lost stage. `averageDaysInStage` is the mean length of the finished
 * visits to the stage (from entering it to entering the next one).
 */
export function funnel(deals: readonly DealRecord[], layout: readonly PipelineStage[], pipelines: Pipelines): FunnelStageV1[] {
  const counts = layout.map(() => 0);
  const amounts = layout.map(() => new MoneyTotals());
  const visits = new Map<string, number[]>();
  const firstLost = layout.findIndex((stage) => stage.semantics === 'lost');

  // Each pipeline's positions and semantics by stage code, worked out once rather than per deal.
  const lookups = new Map<string, { position: Map<string, number>; semantics: Map<string, PipelineStage['semantics']> }>();
  const lookupOf = (pipelineId: string) => {
    let lookup = lookups.get(pipelineId);
    if (!lookup) {
      const stages = pipelines.get(pipelineId) ?? layout;
      lookup = { position: new Map(stages.map((stage, index) => [stage.code, index])), semantics: new Map(stages.map((stage) => [stage.code, stage.semantics])) };
      lookups.set(pipelineId, lookup);
    }
    return lookup;
  };

  for (const deal of deals) {
    const { position, semantics } = lookupOf(deal.pipelineId);
    let furthest = -1;
    for (const entry of deal.entries) {
      const at = position.get(entry.stage);
      if (at !== undefined && semantics.get(entry.stage) !== 'lost') furthest = Math.max(furthest, at);
    }
    const lastStage = deal.entries[deal.entries.length - 1]?.stage;
    layout.forEach((stage, index) => {
      let counted: boolean;
      if (stage.semantics === 'lost') {
        const lostIn = layout.findIndex((candidate) => candidate.code === lastStage && candidate.semantics === 'lost');
        counted = deal.lostAt !== null && index === (lostIn >= 0 ? lostIn : firstLost);
      } else {
        const at = position.get(stage.code);
        counted = at !== undefined && at <= furthest;
      }
      if (counted) {
        counts[index] += 1;
        amounts[index].add(deal.currency, deal.amount);
      }
    });
    collectVisits(deal, visits);
  }

  let previous: number | null = null;
  return layout.map((stage, index) => {
    const isLost = stage.semantics === 'lost';
    const conversion = isLost || previous === null || previous === 0 ? null : round(counts[index] / previous, 4);
    if (!isLost) previous = counts[index];
    const lengths = stage.semantics === 'open' ? visits.get(stage.code) ?? [] : [];
    const average = lengths.length ? round(lengths.reduce((a, b) => a + b, 0) / lengths.length / DAY_MS, 2) : null;
    return {
      code: stage.code,
      name: stage.name,
      semantics: stage.semantics,
      count: counts[index],
      amount: amounts[index].toList(),
      conversionFromPrevious: conversion,
      averageDaysInStage: average,
    };
  });
}

/** Finished visits by stage: consecutive entries of one stage are one visit, ended by the next stage's entry. */
function collectVisits(deal: DealRecord, visits: Map<string, number[]>): void {
  let start = 0;
  for (let index = 1; index <= deal.entries.length; index += 1) {
    const entry = deal.entries[index];
    const visiting = deal.entries[start];
    if (entry && entry.stage === visiting.stage) continue;
    if (entry) {
      const lengths = visits.get(visiting.stage) ?? [];
      lengths.push(Math.max(0, entry.enteredAt - visiting.enteredAt));
      visits.set(visiting.stage, lengths);
    }
    start = index;
  }
}
