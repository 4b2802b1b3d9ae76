// The funnel as the chart and its table show it: the stages a deal passes through (the `lost` stage is a
// side exit, not a step), each with the share of the previous stage's deals that reached it.
import { formatMoneyList, formatPercent, userLocale } from '../shared/format';
import type { FunnelStage } from './dashboard-data';

export interface FunnelStep {
  code: string;
  name: string;
  count: number;
  amount: string;
  /** "45 % of Qualification" for every stage after the first; null for the first or when the API gives none. */
  conversion: string | null;
  /** The chart's label: name, count and conversion. */
  label: string;
}

/** The steps of the funnel in the pipeline's order, lost deals left out (they are shown apart). */
export function funnelSteps(stages: FunnelStage[], locale = userLocale()): FunnelStep[] {
  const steps = stages.filter((stage) => stage.semantics !== 'lost');
  const count = new Intl.NumberFormat(locale);
  return steps.map((stage, index) => {
    const previous = steps[index - 1];
    const conversion = previous && stage.conversionFromPrevious !== null ? `${formatPercent(stage.conversionFromPrevious, true, locale)} of ${previous.name}` : null;
    const counted = `${stage.name}: ${count.format(stage.count)}`;
    return {
      code: stage.code,
      name: stage.name,
      count: stage.count,
      amount: formatMoneyList(stage.amount, locale),
      conversion,
      label: conversion ? `${counted} (${conversion})` : counted,
    };
  });
}

/** The lost stage's count, shown beside the funnel. */
export function lostCount(stages: FunnelStage[]): number {
  return stages.filter((stage) => stage.semantics === 'lost').reduce((sum, stage) => sum + stage.count, 0);
}

/** The whole funnel's conversion: the last step's count over the first's (null without deals). */
export function overallConversion(steps: FunnelStep[]): number | null {
  const first = steps[0]?.count ?? 0;
  const last = steps[steps.length - 1]?.count ?? 0;
  return first > 0 ? last / first : null;
}

/**
 * The ECharts option of the funnel: one bar a step, its width the count (sorted as the pipeline orders them,
 * not by size), labelled with the conversion, described for screen readers by the aria component.
 */
export function funnelOption(steps: FunnelStep[]): Record<string, unknown> {
  const max = Math.max(1, ...steps.map((step) => step.count));
  return {
    aria: { enabled: true },
    animation: false,
    tooltip: { trigger: 'item', formatter: '{b}' },
    series: [
      {
        type: 'funnel',
        sort: 'none',
        left: '5%',
        width: '90%',
        top: 8,
        bottom: 8,
        min: 0,
        max,
        minSize: '8%',
        gap: 2,
        label: { show: true, position: 'inside', formatter: '{b}' },
        data: steps.map((step) => ({ name: step.label, value: step.count, code: step.code })),
      },
    ],
  };
}
