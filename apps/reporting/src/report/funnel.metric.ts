import type { FunnelStageV1 } from '@saleswire/contracts';
import { ALWAYS, totalsOf, type DealTotals } from './deal-totals';
import { DAY_MS, MoneyTotals, round, type DealRecord, type PipelineStage, type Pipelines } from './report.model';

/**
 * The funnel "with conversion" (Bitrix24's): a deal counts in every stage up to the furthest one it reached in
 * its pipeline's order, skipped stages included and a move back not undoing it; a lost deal counts up to the
 * furthest stage it reached and in the lost stage. `averageDaysInStage` is the mean length of the finished
 * visits to the stage (from entering it to entering the next one).
 */
export function funnel(deals: readonly DealRecord[], layout: readonly PipelineStage[], pipelines: Pipelines): FunnelStageV1[] {
  return funnelOf(totalsOf(deals, ALWAYS), layout, pipelines);
}

/** The funnel from the totals of the deals opened in the period: by the stages they entered, and their visits. */
export function funnelOf(totals: Pick<DealTotals, 'funnel' | 'visits'>, layout: readonly PipelineStage[], pipelines: Pipelines): FunnelStageV1[] {
  const counts = layout.map(() => 0);
  const amounts = layout.map(() => new MoneyTotals());
  const visits = new Map<string, { n: number; ms: number }>();
  for (const visit of totals.visits) {
    const held = visits.get(visit.stage) ?? { n: 0, ms: 0 };
    visits.set(visit.stage, { n: held.n + visit.n, ms: held.ms + visit.ms });
  }
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

  for (const row of totals.funnel) {
    const { position, semantics } = lookupOf(row.pipelineId);
    let furthest = -1;
    for (const stage of row.stages) {
      const at = position.get(stage);
      if (at !== undefined && semantics.get(stage) !== 'lost') furthest = Math.max(furthest, at);
    }
    const lastStage = row.lastStage;
    layout.forEach((stage, index) => {
      let counted: boolean;
      if (stage.semantics === 'lost') {
        const lostIn = layout.findIndex((candidate) => candidate.code === lastStage && candidate.semantics === 'lost');
        counted = row.lost && index === (lostIn >= 0 ? lostIn : firstLost);
      } else {
        const at = position.get(stage.code);
        counted = at !== undefined && at <= furthest;
      }
      if (counted) {
        counts[index] += row.n;
        if (row.currency !== null && row.nAmount > 0) amounts[index].addCents(row.currency, row.cents);
      }
    });
  }

  let previous: number | null = null;
  return layout.map((stage, index) => {
    const isLost = stage.semantics === 'lost';
    const conversion = isLost || previous === null || previous === 0 ? null : round(counts[index] / previous, 4);
    if (!isLost) previous = counts[index];
    const finished = stage.semantics === 'open' ? visits.get(stage.code) : undefined;
    const average = finished && finished.n ? round(finished.ms / finished.n / DAY_MS, 2) : null;
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
