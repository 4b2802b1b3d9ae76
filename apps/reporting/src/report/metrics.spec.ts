import { forecast } from './forecast.metric';
import { funnel } from './funnel.metric';
import { managers } from './managers.metric';
import { partners } from './partners.metric';
import { DAY_MS, MoneyTotals, type DealRecord, type PipelineStage } from './report.model';
import { summary } from './summary.metric';

const T0 = Date.UTC(2026, 0, 1);
const day = (n: number): number => T0 + n * DAY_MS;
const PIPELINE = 'p-default';
const M1 = 'manager-1';
const M2 = 'manager-2';
const LAYOUT: PipelineStage[] = [
  { code: 'new', name: 'New', semantics: 'open', probability: 10 },
  { code: 'qualification', name: 'Qualification', semantics: 'open', probability: 20 },
  { code: 'proposal', name: 'Proposal', semantics: 'open', probability: 40 },
  { code: 'won', name: 'Won', semantics: 'won', probability: 100 },
  { code: 'lost', name: 'Lost', semantics: 'lost', probability: 0 },
];
const PIPELINES = new Map([[PIPELINE, LAYOUT]]);

function deal(id: string, fields: Partial<DealRecord>, stages: Array<[string, number]>): DealRecord {
  return {
    dealId: id,
    pipelineId: PIPELINE,
    ownerId: M1,
    partnerId: null,
    isRepeat: false,
    amount: 0,
    currency: 'EUR',
    expectedCloseDate: null,
    openedAt: stages[0][1],
    wonAt: null,
    lostAt: null,
    entries: stages.map(([stage, at], index) => ({ stage, probability: 0, enteredAt: at, version: index + 1 })),
    ...fields,
  };
}

// A won after every stage; B skipped qualification and was lost from proposal; C moved back from proposal to
// qualification and is open, in dollars; D is a repeat deal still new.
const A = deal('A', { amount: 1000, wonAt: day(10) }, [['new', day(0)], ['qualification', day(2)], ['proposal', day(5)], ['won', day(10)]]);
const B = deal('B', { amount: 500, lostAt: day(4) }, [['new', day(0)], ['proposal', day(1)], ['lost', day(4)]]);
const C = deal('C', { amount: 300, currency: 'USD', ownerId: M2, expectedCloseDate: '2026-02-15' }, [['new', day(0)], ['proposal', day(3)], ['qualification', day(6)]]);
const D = deal('D', { amount: 200, isRepeat: true, ownerId: M2, expectedCloseDate: '2025-12-31' }, [['new', day(1)]]);
const DEALS = [A, B, C, D];
const ALWAYS = { from: null, to: null };

describe('funnel', () => {
  const stages = funnel(DEALS, LAYOUT, PIPELINES);
  const byCode = (code: string) => stages.find((stage) => stage.code === code)!;

  it('should count every deal in the first stage with its amounts per currency', () => {
    expect(byCode('new')).toMatchObject({ count: 4, conversionFromPrevious: null, amount: [{ currency: 'EUR', value: 1700 }, { currency: 'USD', value: 300 }] });
  });

  it('should count a deal in a stage it skipped when it went further, and a deal moved back where it had been', () => {
    // A went through; B skipped it to proposal; C reached proposal before it came back.
    expect(byCode('qualification')).toMatchObject({ count: 3, conversionFromPrevious: 0.75 });
    expect(byCode('proposal')).toMatchObject({ count: 3, conversionFromPrevious: 1 });
  });

  it('should count a lost deal up to the stage it was lost from and in the lost stage, never in won', () => {
    expect(byCode('won')).toMatchObject({ count: 1, conversionFromPrevious: 0.3333, amount: [{ currency: 'EUR', value: 1000 }] });
    expect(byCode('lost')).toMatchObject({ count: 1, conversionFromPrevious: null, amount: [{ currency: 'EUR', value: 500 }] });
  });

  it('should average the finished visits to a stage in days', () => {
    // new: A 2, B 1, C 3 (D has not left it); qualification: A 3 (C is still in it); proposal: A 5, B 3, C 3.
    expect(stages.map((stage) => stage.averageDaysInStage)).toEqual([2, 3, 3.67, null, null]);
  });
});

describe('summary', () => {
  const figures = summary(DEALS, 7, ALWAYS, PIPELINES);

  it('should give the win rate of the closed deals and the size and cycle of the won ones', () => {
    expect(figures).toMatchObject({ leads: 7, deals: 4, won: 1, lost: 1, open: 2, winRate: 0.5, averageCycleDays: 10, medianCycleDays: 10 });
    expect(figures.averageDealSize).toEqual([{ currency: 'EUR', value: 1000 }]);
    expect(figures.revenue).toEqual([{ currency: 'EUR', value: 1000 }]);
  });

  it('should weigh the open deals by the probability of the stage they are in, per currency', () => {
    expect(figures.pipelineValue).toEqual([{ currency: 'EUR', value: 200 }, { currency: 'USD', value: 300 }]);
    // D is new (10 %) of 200 EUR; C is back in qualification (20 %) of 300 USD.
    expect(figures.weightedPipeline).toEqual([{ currency: 'EUR', value: 20 }, { currency: 'USD', value: 60 }]);
  });

  it('should give the velocity per currency with a known deal size: open deals × size × win rate / cycle', () => {
    // One open EUR deal × 1000 × 0.5 / 10 days; no USD deal was won, so no USD size and no USD velocity.
    expect(figures.velocityPerDay).toEqual([{ currency: 'EUR', value: 50 }]);
  });

  it('should split new business from repeat sales', () => {
    expect(figures.newBusiness).toEqual({ deals: 3, won: 1, revenue: [{ currency: 'EUR', value: 1000 }] });
    expect(figures.repeat).toEqual({ deals: 1, won: 0, revenue: [] });
  });

  it('should count only what closed within the period', () => {
    const january5on = summary(DEALS, 0, { from: day(5), to: null }, PIPELINES);
    expect(january5on).toMatchObject({ deals: 0, won: 1, lost: 0, winRate: 1 });
  });

  it('should have no rates and no velocity when nothing closed', () => {
    expect(summary([C, D], 0, ALWAYS, PIPELINES)).toMatchObject({ winRate: null, averageCycleDays: null, medianCycleDays: null, velocityPerDay: [] });
  });

  it('should take the median of an even number of cycles as the mean of the middle two', () => {
    const E = deal('E', { amount: 10, wonAt: day(4) }, [['new', day(0)]]);
    expect(summary([A, E], 0, ALWAYS, PIPELINES)).toMatchObject({ averageCycleDays: 7, medianCycleDays: 7 });
  });
});

describe('managers', () => {
  const plans = new Map<string | null, MoneyTotals>([
    [M1, new MoneyTotals().add('EUR', 2000)],
    [M2, new MoneyTotals().add('EUR', 0)],
    [null, new MoneyTotals().add('EUR', 4000)],
  ]);
  const report = managers(DEALS, new Map([[M1, 3]]), plans, ALWAYS, true);

  it('should give each manager their figures and the plan done', () => {
    expect(report.items[0]).toMatchObject({ ownerId: M1, leads: 3, deals: 2, won: 1, lost: 1, winRate: 0.5, planDone: 0.5, revenue: [{ currency: 'EUR', value: 1000 }] });
  });

  it('should give no plan done against a plan of zero', () => {
    expect(report.items[1]).toMatchObject({ ownerId: M2, leads: 0, deals: 2, won: 0, winRate: null, plan: [{ currency: 'EUR', value: 0 }], planDone: null });
    expect(report.items[1].openPipeline).toEqual([{ currency: 'EUR', value: 200 }, { currency: 'USD', value: 300 }]);
  });

  it("should measure the department's revenue against its plan", () => {
    expect(report.department).toEqual({ revenue: [{ currency: 'EUR', value: 1000 }], plan: [{ currency: 'EUR', value: 4000 }], planDone: 0.25 });
  });
});

describe('forecast', () => {
  // F's pipeline is unknown: the probability its stage event stated (80) puts it in commit.
  const F = deal('F', { amount: 1000, pipelineId: 'other', expectedCloseDate: '2026-03-10' }, [['contract', day(2)]]);
  F.entries[0].probability = 80;
  const months = forecast([...DEALS, F], day(19), 3, PIPELINES);

  it('should put each open deal in its expected month by its stage probability, an overdue one in the first month', () => {
    expect(months.map((month) => month.month)).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(months[0]).toMatchObject({ pipeline: [{ currency: 'EUR', value: 200 }], weighted: [{ currency: 'EUR', value: 20 }], won: [{ currency: 'EUR', value: 1000 }] });
    expect(months[1]).toMatchObject({ pipeline: [{ currency: 'USD', value: 300 }], weighted: [{ currency: 'USD', value: 60 }], commit: [], bestCase: [] });
    expect(months[2]).toMatchObject({ commit: [{ currency: 'EUR', value: 1000 }], weighted: [{ currency: 'EUR', value: 800 }] });
  });
});

describe('partners', () => {
  it('should count registrations, conflicts, deals and commissions of each partner', () => {
    const G = deal('G', { amount: 700, partnerId: 'partner-1', wonAt: day(9) }, [['new', day(0)]]);
    const rows = partners(
      [G],
      [
        { partnerId: 'partner-1', conflict: true, submittedAt: day(0), approvedAt: day(1) },
        { partnerId: 'partner-1', conflict: false, submittedAt: day(2), approvedAt: null },
      ],
      [{ partnerId: 'partner-1', amount: 70, currency: 'EUR', accruedAt: day(9), paidAt: null }],
      [
        { partnerId: 'partner-1', status: 'accepted', offeredAt: day(0), decidedAt: day(1) },
        { partnerId: 'partner-1', status: 'declined', offeredAt: day(2), decidedAt: day(3) },
        { partnerId: 'partner-1', status: 'lapsed', offeredAt: day(4), decidedAt: day(6) },
        { partnerId: 'partner-1', status: 'offered', offeredAt: day(5), decidedAt: null },
      ],
      ALWAYS,
    );
    expect(rows).toEqual([
      {
        partnerId: 'partner-1',
        registrations: 2,
        approved: 1,
        conflicts: 1,
        deals: 1,
        won: 1,
        revenue: [{ currency: 'EUR', value: 700 }],
        commissionsAccrued: [{ currency: 'EUR', value: 70 }],
        commissionsPaid: [],
        offersMade: 4,
        offersAccepted: 1,
        offersDeclined: 1,
        offersLapsed: 1,
      },
    ]);
  });

  it('should list no revenue in the currency of a won deal without an amount, and count it won', () => {
    const H = deal('H', { amount: null, currency: 'USD', partnerId: 'partner-3', wonAt: day(2) }, [['new', day(0)]]);
    const I = deal('I', { amount: 80, currency: 'EUR', partnerId: 'partner-3', wonAt: day(3) }, [['new', day(1)]]);
    const [row] = partners([H, I], [], [], [], ALWAYS);
    expect(row).toMatchObject({ partnerId: 'partner-3', deals: 2, won: 2, revenue: [{ currency: 'EUR', value: 80 }] });
  });

  it.each([
    ['made in the period, decided after it', { from: day(0), to: day(1) }, { offersMade: 1, offersAccepted: 0 }],
    ['made before the period, decided in it', { from: day(1), to: day(2) }, { offersMade: 0, offersAccepted: 1 }],
  ])('should count an offer %s by the moment of each', (_, period, expected) => {
    const rows = partners([], [], [], [{ partnerId: 'partner-2', status: 'accepted', offeredAt: day(0), decidedAt: day(1) }], period);
    expect(rows).toEqual([expect.objectContaining({ partnerId: 'partner-2', ...expected })]);
  });
});

describe('MoneyTotals', () => {
  it('should sum in cents', () => {
    expect(new MoneyTotals().add('EUR', 0.1).add('EUR', 0.2).toList()).toEqual([{ currency: 'EUR', value: 0.3 }]);
  });
});
