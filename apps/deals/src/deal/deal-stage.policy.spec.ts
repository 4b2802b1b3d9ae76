import type { DealEntity } from './deal.entity';
import { decideStageMove, moveDeal, type StageMove, type StageRef } from './deal-stage.policy';

const stage = (code: string, semantics: StageRef['semantics'] = 'open', probability = 20): StageRef => ({ code, semantics, probability });
const NEW = stage('new', 'open', 10);
const PROPOSAL = stage('proposal', 'open', 40);
const PAYMENT = stage('payment', 'open', 90);
const WON = stage('won', 'won', 100);
const LOST = stage('lost', 'lost', 0);
// A pipeline whose stages are named differently: the rules must follow semantics, not names.
const CLOSED_OK = stage('closed_ok', 'won', 100);
const DROPPED = stage('dropped', 'lost', 0);

const base: StageMove = { current: NEW, target: PROPOSAL, amount: 1000, paid: 0, requiresPayment: true };

describe('stage policy', () => {
  it.each([
    ['new', 'proposal', NEW, PROPOSAL],
    ['proposal', 'new (backwards)', PROPOSAL, NEW],
    ['new', 'payment (skipping stages)', NEW, PAYMENT],
  ])('should allow %s -> %s when both stages are open', (_from, _to, current, target) => {
    expect(decideStageMove({ ...base, current, target })).toEqual({ allowed: true, target });
  });

  it.each([
    ['won', WON, PROPOSAL],
    ['lost', LOST, PROPOSAL],
    ['won (another name)', CLOSED_OK, NEW],
    ['lost to won', LOST, WON],
  ])('should refuse any move when the deal is %s', (_case, current, target) => {
    expect(decideStageMove({ ...base, current, target, paid: 1000, reason: 'x' })).toMatchObject({ allowed: false, code: 'closed' });
  });

  it('should refuse a stage the pipeline does not have when the code is unknown', () => {
    expect(decideStageMove({ ...base, target: undefined })).toMatchObject({ allowed: false, code: 'unknown_stage' });
  });

  it('should refuse a move to the stage the deal is in when nothing would change', () => {
    expect(decideStageMove({ ...base, target: NEW })).toMatchObject({ allowed: false, code: 'same_stage' });
  });

  it.each([
    ['absent', undefined],
    ['blank', '   '],
  ])('should refuse lost when the reason is %s', (_case, reason) => {
    expect(decideStageMove({ ...base, target: LOST, reason })).toMatchObject({ allowed: false, code: 'reason_required' });
    expect(decideStageMove({ ...base, target: DROPPED, reason })).toMatchObject({ allowed: false, code: 'reason_required' });
  });

  it('should allow lost when a reason is given', () => {
    expect(decideStageMove({ ...base, target: LOST, reason: 'Chose a competitor' })).toEqual({ allowed: true, target: LOST });
  });

  it.each([
    ['nothing is paid', 0, 1000],
    ['part is paid', 999.99, 1000],
    ['the deal has no amount', 500, null],
  ])('should refuse won by hand when %s', (_case, paid, amount) => {
    expect(decideStageMove({ ...base, current: PAYMENT, target: WON, paid, amount })).toMatchObject({ allowed: false, code: 'not_paid' });
    expect(decideStageMove({ ...base, current: PAYMENT, target: CLOSED_OK, paid, amount })).toMatchObject({ allowed: false, code: 'not_paid' });
  });

  it('should allow won by hand when the payments cover the amount', () => {
    expect(decideStageMove({ ...base, current: PAYMENT, target: WON, paid: 1000 })).toEqual({ allowed: true, target: WON });
  });

  it('should allow won by hand before payment when the pipeline does not require payment', () => {
    expect(decideStageMove({ ...base, target: WON, paid: 0, requiresPayment: false })).toEqual({ allowed: true, target: WON });
  });
});

describe('what a move does to a deal', () => {
  const NOW = new Date('2026-04-02T12:00:00Z');
  const open = (): Pick<DealEntity, 'stage' | 'status' | 'probability' | 'wonAt' | 'closedAt' | 'lostReason'> => ({
    stage: 'payment',
    status: 'open',
    probability: 90,
    wonAt: null,
    closedAt: null,
    lostReason: null,
  });

  it.each([
    ['an open stage', PROPOSAL, { stage: 'proposal', status: 'open', probability: 40, wonAt: null, closedAt: null, lostReason: null }],
    ['won by hand', WON, { stage: 'won', status: 'won', probability: 100, wonAt: NOW, closedAt: NOW, lostReason: null }],
    ['lost', LOST, { stage: 'lost', status: 'lost', probability: 0, wonAt: null, closedAt: NOW, lostReason: 'Chose a competitor' }],
  ])('should set stage, status and dates when the deal moves to %s', (_case, target, expected) => {
    const deal = open();
    moveDeal(deal, target, { reason: target === LOST ? 'Chose a competitor' : null }, NOW);
    expect(deal).toEqual(expected);
  });

  it('should date the purchase by the covering payment and close the deal now when a payment wins it', () => {
    const deal = open();
    const paidAt = new Date('2026-03-30T09:00:00Z');
    const move = moveDeal(deal, CLOSED_OK, { reason: null, wonBy: 'payment', wonAt: paidAt }, NOW);
    expect(deal).toMatchObject({ status: 'won', wonAt: paidAt, closedAt: NOW });
    expect(move).toEqual({ from: 'payment', fromSemantics: 'open', target: CLOSED_OK, reason: null, wonBy: 'payment', at: NOW });
  });

  it('should answer a move won by hand when no one says who won it', () => {
    expect(moveDeal(open(), WON, { reason: null }, NOW).wonBy).toBe('hand');
  });
});
