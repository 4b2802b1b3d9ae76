import type { FunnelStage } from './dashboard-data';
import { funnelOption, funnelSteps, lostCount, overallConversion } from './funnel';

const stage = (code: string, count: number, conversionFromPrevious: number | null, semantics: FunnelStage['semantics'] = 'open'): FunnelStage => ({
  code,
  name: code[0].toUpperCase() + code.slice(1),
  semantics,
  count,
  amount: count ? [{ currency: 'EUR', value: count * 1000 }] : [],
  conversionFromPrevious,
  averageDaysInStage: null,
});

const STAGES = [stage('new', 10, null), stage('qualification', 5, 0.5), stage('proposal', 0, 0), stage('won', 0, null, 'won'), stage('lost', 4, null, 'lost')];

describe('the funnel: steps, conversion labels and the chart', () => {
  it.each([
    ['new', 'New: 10', null],
    ['qualification', 'Qualification: 5 (50% of New)', '50% of New'],
    ['proposal', 'Proposal: 0 (0% of Qualification)', '0% of Qualification'],
    // A previous count of 0 gives no conversion: the label says only the count.
    ['won', 'Won: 0', null],
  ])('should label %s as "%s"', (code, label, conversion) => {
    const step = funnelSteps(STAGES, 'en-US').find((candidate) => candidate.code === code)!;
    expect(step.label).toBe(label);
    expect(step.conversion).toBe(conversion);
  });

  it('should leave the lost stage out of the steps and count it apart', () => {
    expect(funnelSteps(STAGES, 'en-US').map((step) => step.code)).toEqual(['new', 'qualification', 'proposal', 'won']);
    expect(lostCount(STAGES)).toBe(4);
  });

  it('should write the conversion and amounts as the locale does', () => {
    const [, qualification] = funnelSteps(STAGES, 'de-DE');
    expect(qualification.conversion).toBe('50\u00a0% of New');
    expect(qualification.amount.replace(/\u00a0/g, ' ')).toBe('5.000,00 €');
  });

  it('should give the overall conversion from the first step to the last, and none without deals', () => {
    expect(overallConversion(funnelSteps([stage('new', 8, null), stage('won', 2, 0.25, 'won')], 'en-US'))).toBe(0.25);
    expect(overallConversion(funnelSteps([stage('new', 0, null)], 'en-US'))).toBeNull();
  });

  it('should keep the pipeline\'s order in the chart and carry each stage\'s code for the click', () => {
    const option = funnelOption(funnelSteps(STAGES, 'en-US')) as { series: Array<{ sort: string; max: number; data: Array<{ code: string; value: number }> }> };
    expect(option.series[0].sort).toBe('none');
    expect(option.series[0].max).toBe(10);
    expect(option.series[0].data.map((item) => [item.code, item.value])).toEqual([
      ['new', 10],
      ['qualification', 5],
      ['proposal', 0],
      ['won', 0],
    ]);
  });
});
