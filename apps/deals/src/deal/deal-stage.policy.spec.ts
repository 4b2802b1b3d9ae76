import { decideStageMove, paymentsCover, type StageMove, type StageRef } from './deal-stage.policy';

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

describe('payment rule', () => {
  it.each([
    [1000, 1000, true],
    [1000, 1200, true],
    [1000, 999.99, false],
    [0.3, 0.1 + 0.2, true],
    [0, 0, true],
    [null, 1000, false],
  ])('should treat an amount of %p paid with %p as covered: %p', (amount, paid, expected) => {
    expect(paymentsCover(amount, paid)).toBe(expected);
  });
});
