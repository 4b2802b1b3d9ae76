import { DomainRuleProblem, StaleVersionProblem } from '@saleswire/sdk';
import { applyMove, buildColumns, moveFailure, moveRefusal } from './board-move';
import { deal, STAGES } from './board.fixtures';

describe('the deal board\'s rules', () => {
  it('should make one column per stage with its count and its sum per currency', () => {
    const columns = buildColumns(STAGES, [deal('1', 'new', 100), deal('2', 'new', 50.5), deal('3', 'new', 20, 'USD'), deal('4', 'won', 10)]);
    expect(columns.map((column) => [column.stage.code, column.count, column.totals])).toEqual([
      ['new', 3, [{ currency: 'EUR', value: 150.5 }, { currency: 'USD', value: 20 }]],
      ['proposal', 0, []],
      ['won', 1, [{ currency: 'EUR', value: 10 }]],
      ['lost', 0, []],
    ]);
  });

  it('should move one card and leave the others', () => {
    const moved = applyMove([deal('1', 'new', 1), deal('2', 'new', 1)], '1', 'proposal');
    expect(moved.map((d) => d.stage)).toEqual(['proposal', 'new']);
  });

  it.each([
    ['an open deal to another open stage', deal('1', 'new', 1), 'proposal', '', null],
    ['the stage it is in', deal('1', 'new', 1), 'new', '', null],
    ['a won deal', deal('1', 'won', 1), 'proposal', '', 'The deal is won: a closed deal does not move.'],
    ['lost without a reason', deal('1', 'new', 1), 'lost', '  ', 'Say why the deal was lost.'],
    ['lost with a reason', deal('1', 'new', 1), 'lost', 'budget cut', null],
    ['a stage the pipeline lacks', deal('1', 'new', 1), 'nowhere', '', 'This pipeline has no stage nowhere.'],
  ])('should judge a move of %s', (_case, card, to, reason, refusal) => {
    expect(moveRefusal(card, to, STAGES, reason)).toBe(refusal);
  });

  it('should reload the card after a 412 and say so', () => {
    const failure = moveFailure(new StaleVersionProblem({ type: 'about:blank', title: 'Precondition Failed', status: 412, detail: 'stale', errors: [] }));
    expect(failure.reload).toBe(true);
    expect(failure.message).toMatch(/reloaded/);
  });

  it('should show the API\'s reason for a refused move', () => {
    const failure = moveFailure(new DomainRuleProblem({ type: 'about:blank', title: 'Unprocessable Entity', status: 422, detail: 'Payments do not cover the amount.', errors: [] }));
    expect(failure).toEqual({ message: 'The move was refused: Payments do not cover the amount.', reload: false });
  });
});
