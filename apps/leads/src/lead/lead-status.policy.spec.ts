import { checkConvertible, checkStatusMove } from './lead-status.policy';

describe('lead status policy', () => {
  it.each([
    ['new', 'in_progress'],
    ['new', 'qualified'],
    ['new', 'junk'],
    ['in_progress', 'qualified'],
    ['in_progress', 'junk'],
    ['qualified', 'in_progress'],
    ['qualified', 'junk'],
  ] as const)('should allow the move when it goes from %s to %s', (from, to) => {
    expect(checkStatusMove(from, to)).toEqual({ ok: true });
  });

  it.each([
    ['converted', 'in_progress', /converted lead does not change/],
    ['converted', 'junk', /converted lead does not change/],
    ['junk', 'in_progress', /junk lead does not change/],
    ['junk', 'qualified', /junk lead does not change/],
    ['in_progress', 'in_progress', /already in_progress/],
    ['in_progress', 'new', /cannot move from in_progress to new/],
    ['qualified', 'converted', /cannot move from qualified to converted/],
  ] as const)('should refuse the move with a reason when it goes from %s to %s', (from, to, reason) => {
    const verdict = checkStatusMove(from, to);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.reason).toMatch(reason);
  });

  it('should refuse conversion when the lead is junk', () => {
    expect(checkConvertible('junk').ok).toBe(false);
    expect(checkConvertible('qualified').ok).toBe(true);
  });
});
