import { BadInputProblem } from '@saleswire/sdk';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { DirectoryEntry } from '../shared/user-names';
import { memberRows, ruleBody, ruleWarning, type MemberRow } from './assignment-rule';
import { AssignmentForm } from './assignment.page';

const MIA = '0194f5c8-0000-7000-8000-000000000001';
const OLEG = '0194f5c8-0000-7000-8000-000000000002';
const GONE = '0194f5c8-0000-7000-8000-000000000003';
const entry = (id: string, name: string): DirectoryEntry => ({ id, name, email: `${id}@x.test`, role: 'manager', partnerId: null, active: true });
const row = (userId: string, patch: Partial<MemberRow> = {}): MemberRow => ({ userId, name: userId, member: true, available: true, weight: '1', ...patch });

describe('the lead assignment rule', () => {
  it('should list the members in the rule\'s order, then the other managers, keeping a member the directory lost', () => {
    const rows = memberRows({ members: [{ userId: GONE, weight: 2, active: false }] }, [entry(MIA, 'Mia'), entry(OLEG, 'Oleg')], (id) => (id === GONE ? 'User 0194f5c8' : id));
    expect(rows).toEqual([
      { userId: GONE, name: 'User 0194f5c8', member: true, available: false, weight: '2' },
      { userId: MIA, name: 'Mia', member: false, available: true, weight: '1' },
      { userId: OLEG, name: 'Oleg', member: false, available: true, weight: '1' },
    ]);
  });

  it.each([
    ['the members only, with their weights as numbers', [row(MIA, { weight: ' 3 ' }), row(OLEG, { member: false }), row(GONE, { available: false })], { body: { strategy: 'weighted', members: [{ userId: MIA, weight: 3, active: true }, { userId: GONE, weight: 1, active: false }] } }],
    ['nobody', [row(MIA, { member: false })], { body: { strategy: 'weighted', members: [] } }],
    ['a weight of 0', [row(MIA, { weight: '0' })], { errors: { [MIA]: 'The weight is a whole number from 1 to 1000.' } }],
    ['a weight of 2.5', [row(MIA, { weight: '2.5' })], { errors: { [MIA]: 'The weight is a whole number from 1 to 1000.' } }],
    ['a blank weight of a non-member (not sent)', [row(MIA, { member: false, weight: '' })], { body: { strategy: 'weighted', members: [] } }],
  ])('should send %s', (_what, rows, outcome) => {
    expect(ruleBody('weighted', rows)).toEqual(outcome);
  });

  it.each([
    [[row(MIA, { member: false })], /Nobody is in the rotation/],
    [[row(MIA, { available: false })], /Everyone in the rotation is away/],
    [[row(MIA), row(OLEG, { available: false })], null],
  ])('should warn about %j: %p', (rows, warning) => {
    const said = ruleWarning(rows);
    if (warning === null) expect(said).toBeNull();
    else expect(said).toMatch(warning);
  });

  it('should put a manager in the rotation, refuse a bad weight at its field, then save, and show the API\'s refusal at the row', async () => {
    const save = jest
      .fn()
      .mockRejectedValueOnce(new BadInputProblem({ type: 'about:blank', title: 'Bad Request', status: 400, detail: 'The request has invalid fields.', errors: [{ field: 'members.0.weight', message: 'weight is not accepted for this user' }] }))
      .mockResolvedValueOnce({ strategy: 'weighted', members: [], version: 2, updatedAt: null });
    render(<AssignmentForm rule={{ strategy: 'round_robin' }} rows={[row(MIA, { name: 'Mia Manager', member: false })]} save={save} />);
    const user = userEvent.setup();
    expect(screen.getByText(/Nobody is in the rotation/)).toBeTruthy();
    await user.click(screen.getByLabelText('Mia Manager is in the rotation'));
    await user.selectOptions(screen.getByLabelText('Strategy'), 'weighted');
    const weight = screen.getByLabelText('Weight of Mia Manager');
    await user.clear(weight);
    await user.type(weight, '0');
    await user.click(screen.getByRole('button', { name: 'Save the rule' }));
    expect(save).not.toHaveBeenCalled();
    expect(weight.getAttribute('aria-invalid')).toBe('true');

    await user.clear(weight);
    await user.type(weight, '7');
    await user.click(screen.getByRole('button', { name: 'Save the rule' }));
    expect(save).toHaveBeenCalledWith({ strategy: 'weighted', members: [{ userId: MIA, weight: 7, active: true }] });
    expect(await screen.findByText(/weight is not accepted for this user/)).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe('The rule was not saved. The request has invalid fields.');
    await user.click(screen.getByRole('button', { name: 'Save the rule' }));
    expect((await screen.findByRole('status')).textContent).toMatch(/^The rule is saved/);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
