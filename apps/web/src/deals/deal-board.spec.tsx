import { DomainRuleProblem, StaleVersionProblem } from '@saleswire/sdk';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import type { Deal } from '../api/views';
import { deal, STAGES } from './board.fixtures';
import { DealBoard } from './deal-board';

function board(deals: Deal[], move: jest.Mock, reload: jest.Mock = jest.fn()) {
  render(
    <MemoryRouter>
      <DealBoard stages={STAGES} deals={deals} move={move} reload={reload} />
    </MemoryRouter>,
  );
  return userEvent.setup();
}

const column = (code: string) => document.querySelector(`[data-stage="${code}"]`) as HTMLElement;
const totals = (code: string) => screen.getByTestId(`totals-${code}`).textContent?.replace(/[\u00a0\u202f]/g, ' ');

describe('the deal board', () => {
  it('should move a card with the keyboard, sending its version, and update both columns\' counts and sums', async () => {
    const move = jest.fn(async (card: Deal, stage: string) => ({ ...card, stage, version: card.version + 1 }));
    const user = board([deal('1', 'new', 100), deal('2', 'new', 50)], move);
    expect(totals('new')).toBe('2 deals · €150.00');
    await user.selectOptions(screen.getByLabelText('Move Deal 1 to'), 'proposal');
    await user.click(screen.getByRole('button', { name: 'Move Deal 1' }));
    expect(move).toHaveBeenCalledWith(expect.objectContaining({ id: '1', version: 3 }), 'proposal', undefined);
    expect(within(column('proposal')).getByText('Deal 1')).toBeTruthy();
    expect(totals('new')).toBe('1 deal · €50.00');
    expect(totals('proposal')).toBe('1 deal · €100.00');
  });

  it('should put the card back and show the API\'s reason when the move is refused', async () => {
    const refused = new DomainRuleProblem({ type: 'about:blank', title: 'Unprocessable Entity', status: 422, detail: 'Payments do not cover the amount.', errors: [] });
    const user = board([deal('1', 'proposal', 100)], jest.fn().mockRejectedValue(refused));
    await user.selectOptions(screen.getByLabelText('Move Deal 1 to'), 'won');
    await user.click(screen.getByRole('button', { name: 'Move Deal 1' }));
    expect((await screen.findByTestId('card-notice')).textContent).toBe('The move was refused: Payments do not cover the amount.');
    expect(within(column('proposal')).getByText('Deal 1')).toBeTruthy();
    expect(totals('won')).toBe('0 deals · —');
  });

  it('should reload the card after a 412 and say so', async () => {
    const stale = new StaleVersionProblem({ type: 'about:blank', title: 'Precondition Failed', status: 412, detail: 'stale', errors: [] });
    const reload = jest.fn().mockResolvedValue({ ...deal('1', 'approval', 100), stage: 'proposal', amount: 300, version: 9 });
    const user = board([deal('1', 'new', 100)], jest.fn().mockRejectedValue(stale), reload);
    await user.selectOptions(screen.getByLabelText('Move Deal 1 to'), 'proposal');
    await user.click(screen.getByRole('button', { name: 'Move Deal 1' }));
    expect((await screen.findByTestId('card-notice')).textContent).toMatch(/changed this deal meanwhile.*reloaded/);
    expect(reload).toHaveBeenCalledWith('1');
    // The card as the API has it now: someone else moved it and raised the amount.
    expect(totals('proposal')).toBe('1 deal · €300.00');
    expect(totals('new')).toBe('0 deals · —');
  });

  it('should ask for a reason before sending a move to lost', async () => {
    const move = jest.fn(async (card: Deal, stage: string) => ({ ...card, stage }));
    const user = board([deal('1', 'new', 100)], move);
    await user.selectOptions(screen.getByLabelText('Move Deal 1 to'), 'lost');
    await user.click(screen.getByRole('button', { name: 'Move Deal 1' }));
    expect(move).not.toHaveBeenCalled();
    expect(screen.getByTestId('card-notice').textContent).toBe('Say why the deal was lost.');
    await user.type(screen.getByLabelText('Why was it lost?'), 'budget cut');
    await user.click(screen.getByRole('button', { name: 'Move Deal 1' }));
    expect(move).toHaveBeenCalledWith(expect.objectContaining({ id: '1' }), 'lost', 'budget cut');
  });
});
