import { AGGREGATE_TABLES, yearsTableOf, type AggregateName, type AggregateTable } from '../deal-fact/deal-aggregates';
import { periodSlices, tableFor, type PeriodSlices } from './aggregate-table.policy';
import type { Period } from './report.model';

describe('tableFor', () => {
  it.each<[string, AggregateName, string[], string]>([
    ['the unfiltered funnel (by pipeline)', 'funnel', ['pipeline_id', 'stages', 'last_stage', 'lost', 'currency'], 'deal_agg_funnel_department'],
    ["the unfiltered funnel's visits", 'visit', ['stage'], 'deal_agg_visit_department'],
    ["the unfiltered summary's flows (new vs repeat)", 'flow', ['kind', 'currency', 'is_repeat'], 'deal_agg_flow_department'],
    ["the summary's open deals by stage", 'open', ['currency', 'pipeline_id', 'stage', 'probability'], 'deal_agg_open_department'],
    ['the forecast (by expected month)', 'open', ['currency', 'pipeline_id', 'stage', 'probability', 'expected_month'], 'deal_agg_open_department'],
    ["a channel manager's summary (channel indirect)", 'flow', ['kind', 'currency', 'is_repeat', 'channel'], 'deal_agg_flow_department'],
    ['a year of one direction', 'funnel', ['pipeline_id', 'stages', 'last_stage', 'lost', 'currency', 'direction'], 'deal_agg_funnel_department'],
    ['the managers report (flows by owner)', 'flow', ['kind', 'currency', 'owner_id'], 'deal_agg_flow_owner_channel'],
    ["the managers report's open pipeline by owner", 'open', ['currency', 'owner_id'], 'deal_agg_open_owner_channel'],
    ["the managers report's leads by owner", 'lead', ['owner_id'], 'lead_agg_created_owner_channel'],
    ["a channel manager's managers report (channel indirect)", 'flow', ['kind', 'currency', 'owner_id', 'channel'], 'deal_agg_flow_owner_channel'],
    ["a channel manager's open pipeline by owner", 'open', ['currency', 'owner_id', 'channel'], 'deal_agg_open_owner_channel'],
    ["a channel manager's leads by owner", 'lead', ['owner_id', 'channel'], 'lead_agg_created_owner_channel'],
    // What the rollup by owner and channel does not hold: the owner's.
    ['the managers of one direction', 'flow', ['kind', 'currency', 'owner_id', 'direction'], 'deal_agg_flow_owner'],
    ['the open pipeline by owner and stage', 'open', ['currency', 'owner_id', 'pipeline_id', 'stage', 'probability'], 'deal_agg_open_owner'],
    ['the leads by owner and marketing event', 'lead', ['owner_id', 'marketing_event_id'], 'lead_agg_created_owner'],
    ["a manager's funnel (their scope)", 'funnel', ['pipeline_id', 'stages', 'last_stage', 'lost', 'currency', 'owner_id'], 'deal_agg_funnel_owner'],
    ["a manager's summary with the indirect channel", 'flow', ['kind', 'currency', 'is_repeat', 'owner_id', 'channel'], 'deal_agg_flow_owner'],
    ['the partners report (flows by partner)', 'flow', ['kind', 'currency', 'partner_id'], 'deal_agg_flow_partner'],
    ["a partner user's funnel (their scope)", 'funnel', ['pipeline_id', 'stages', 'last_stage', 'lost', 'currency', 'partner_id'], 'deal_agg_funnel_partner'],
    ["the partners report's registrations, commissions and offers", 'partner', ['partner_id', 'kind', 'currency'], 'partner_agg_flow_month'],
    ["a partner user's (their partner)", 'partner', ['partner_id', 'kind', 'currency', 'partner_id'], 'partner_agg_flow_month'],
    // What no rollup holds: the full-key day rows.
    ['a filter on source', 'flow', ['kind', 'currency', 'is_repeat', 'source'], 'deal_agg_flow'],
    ['a filter on source for the funnel', 'funnel', ['pipeline_id', 'stages', 'last_stage', 'lost', 'currency', 'source'], 'deal_agg_funnel'],
    ['an owner and a partner together', 'flow', ['kind', 'currency', 'owner_id', 'partner_id'], 'deal_agg_flow'],
    ["one manager's forecast (the owner's rollup drops the expected month)", 'open', ['currency', 'pipeline_id', 'stage', 'owner_id', 'expected_month'], 'deal_agg_open'],
  ])('should read %s from %s', (_case, aggregate, columns, table) => {
    expect(tableFor(aggregate, columns).table).toBe(table);
  });

  it('should read the full-key day rows whatever the query when rollups are off', () => {
    expect(tableFor('flow', ['kind', 'currency'], false).table).toBe('deal_agg_flow');
    expect(tableFor('flow', ['kind', 'currency', 'owner_id'], false, true).table).toBe('deal_agg_flow');
  });

  it.each<[string, AggregateName, string[], string]>([
    ['the managers report (flows by owner)', 'flow', ['kind', 'currency', 'owner_id'], 'deal_agg_flow_owner_alone'],
    ["the managers report's open pipeline by owner", 'open', ['currency', 'owner_id'], 'deal_agg_open_owner_alone'],
    ["the managers report's leads by owner", 'lead', ['owner_id'], 'lead_agg_created_owner_alone'],
    ['one manager (their scope)', 'flow', ['kind', 'currency', 'owner_id', 'owner_id'], 'deal_agg_flow_owner_alone'],
    ['the partners report (flows by partner)', 'flow', ['kind', 'currency', 'partner_id'], 'deal_agg_flow_partner_alone'],
    // What the all-time rollups do not hold: the rollups as over any period.
    ['the managers of the indirect channel', 'flow', ['kind', 'currency', 'owner_id', 'channel'], 'deal_agg_flow_owner_channel'],
    ["the indirect channel's open pipeline by owner", 'open', ['currency', 'owner_id', 'channel'], 'deal_agg_open_owner_channel'],
    ['the managers of one pipeline', 'flow', ['kind', 'currency', 'owner_id', 'pipeline_id'], 'deal_agg_flow_owner'],
    ['the open pipeline by owner and stage', 'open', ['currency', 'owner_id', 'stage'], 'deal_agg_open_owner'],
    ['the leads by owner and marketing event', 'lead', ['owner_id', 'marketing_event_id'], 'lead_agg_created_owner'],
    ['the department (no owner, no partner)', 'flow', ['kind', 'currency', 'is_repeat'], 'deal_agg_flow_department'],
  ])('over all of time, should read %s from %s', (_case, aggregate, columns, table) => {
    expect(tableFor(aggregate, columns, true, true).table).toBe(table);
  });

  it("should reach a rollup's year rows only through the rollup, in its `_years` table", () => {
    const table = (name: string): AggregateTable => AGGREGATE_TABLES.find((candidate) => candidate.table === name)!;
    expect(yearsTableOf(table('deal_agg_flow_owner')).table).toBe('deal_agg_flow_owner_years');
    expect(yearsTableOf(table('partner_agg_flow_month')).table).toBe('partner_agg_flow_month_years');
    for (const name of ['deal_agg_flow', 'deal_agg_flow_owner_years', 'deal_agg_flow_owner_ever', 'deal_agg_open_owner', 'deal_agg_flow_owner_alone']) {
      expect(() => yearsTableOf(table(name))).toThrow(name);
    }
    // Whatever the columns, `tableFor` answers with a table of months (or days, or all time), never one of years.
    for (const target of AGGREGATE_TABLES) {
      const columns = target.keys.map(([column]) => column);
      expect([target.table, tableFor(target.aggregate, columns).years, tableFor(target.aggregate, columns, true, true).years]).toEqual([target.table, false, false]);
    }
  });

  it('should never read an all-time rollup for a period', () => {
    expect(tableFor('flow', ['kind', 'currency', 'owner_id']).table).toBe('deal_agg_flow_owner_channel');
    expect(tableFor('open', ['currency', 'owner_id']).table).toBe('deal_agg_open_owner_channel');
  });
});

const at = (iso: string): number => Date.parse(`${iso}T00:00:00.000Z`);
const period = (from: string | null, to: string | null): Period => ({ from: from === null ? null : at(from), to: to === null ? null : at(to) });

describe('periodSlices', () => {
  it.each<[string, Period, PeriodSlices]>([
    ['all of time: the all-time rows', period(null, null), { ever: true }],
    ['a whole year: its year row only', period('2025-01-01', '2026-01-01'), { ever: false, years: period('2025-01-01', '2026-01-01'), months: [], days: [] }],
    ['two whole years', period('2024-01-01', '2026-01-01'), { ever: false, years: period('2024-01-01', '2026-01-01'), months: [], days: [] }],
    [
      'a period cutting months at both ends, with no whole year',
      period('2025-06-17', '2026-02-03'),
      { ever: false, years: null, months: [period('2025-07-01', '2026-02-01')], days: [period('2025-06-17', '2025-07-01'), period('2026-02-01', '2026-02-03')] },
    ],
    [
      'a whole year with months and days on both sides',
      period('2024-11-17', '2026-03-05'),
      {
        ever: false,
        years: period('2025-01-01', '2026-01-01'),
        months: [period('2024-12-01', '2025-01-01'), period('2026-01-01', '2026-03-01')],
        days: [period('2024-11-17', '2024-12-01'), period('2026-03-01', '2026-03-05')],
      },
    ],
    [
      'from a day on: its month rest, the year rest, then years',
      period('2025-06-17', null),
      { ever: false, years: period('2026-01-01', null), months: [period('2025-07-01', '2026-01-01')], days: [period('2025-06-17', '2025-07-01')] },
    ],
    [
      'up to a day: years, the months of its year, then the days of its month',
      period(null, '2026-02-03'),
      { ever: false, years: period(null, '2026-01-01'), months: [period('2026-01-01', '2026-02-01')], days: [period('2026-02-01', '2026-02-03')] },
    ],
    ['from a year on', period('2025-01-01', null), { ever: false, years: period('2025-01-01', null), months: [], days: [] }],
    ['within one month: day rows only', period('2025-06-03', '2025-06-20'), { ever: false, years: null, months: [], days: [period('2025-06-03', '2025-06-20')] }],
    ['across a month boundary with no whole month', period('2025-06-20', '2025-07-10'), { ever: false, years: null, months: [], days: [period('2025-06-20', '2025-07-10')] }],
    ['exactly one month', period('2025-02-01', '2025-03-01'), { ever: false, years: null, months: [period('2025-02-01', '2025-03-01')], days: [] }],
    ['December into January', period('2025-12-15', '2026-02-01'), { ever: false, years: null, months: [period('2026-01-01', '2026-02-01')], days: [period('2025-12-15', '2026-01-01')] }],
  ])('should slice %s', (_case, input, expected) => {
    expect(periodSlices(input)).toEqual(expected);
  });
});
