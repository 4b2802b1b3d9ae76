import { BadInputProblem } from '@saleswire/sdk';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { currentMonth, planInputOf, PlanForm, type PlanInput } from './plan-form';

const MANAGER = '0194f5c8-0000-7000-8000-000000000001';
const blank = { month: '2026-03', userId: MANAGER, otherUserId: '', amount: '1000', currency: 'eur' };

describe('the plan form\'s request', () => {
  it.each([
    ['a manager from the list', blank, { input: { month: '2026-03', userId: MANAGER, amount: 1000, currency: 'EUR' } }],
    ['an amount with a decimal comma', { ...blank, amount: '1250,50' }, { input: { month: '2026-03', userId: MANAGER, amount: 1250.5, currency: 'EUR' } }],
    ['a manager by id', { ...blank, userId: '', otherUserId: ` ${MANAGER} ` }, { input: { month: '2026-03', userId: MANAGER, amount: 1000, currency: 'EUR' } }],
    ['no month', { ...blank, month: '' }, { errors: { month: 'Pick a month.' } }],
    ['no manager', { ...blank, userId: '' }, { errors: { userId: 'Pick a manager.' } }],
    ['a malformed id', { ...blank, userId: '', otherUserId: 'bob' }, { errors: { otherUserId: 'A manager\'s id looks like 0194f5c8-…; check it.' } }],
  ])('should make %s into %j', (_what, values, expected) => {
    expect(planInputOf(values)).toEqual(expected);
  });

  it('should leave a blank amount for the API to name (NaN is sent as null)', () => {
    const checked = planInputOf({ ...blank, amount: '' });
    expect('input' in checked && Number.isNaN(checked.input.amount)).toBe(true);
  });

  it('should start at this month', () => {
    expect(currentMonth(new Date(2026, 0, 15))).toBe('2026-01');
  });
});

describe('<PlanForm>', () => {
  const managers = [{ value: MANAGER, label: 'Manager 0194f5c8' }];

  it('should send the plan and say it is saved', async () => {
    const saved: PlanInput[] = [];
    const onSaved = jest.fn();
    render(<PlanForm managers={managers} save={async (input) => void saved.push(input)} onSaved={onSaved} />);
    fireEvent.change(screen.getByLabelText('Month'), { target: { value: '2026-04' } });
    fireEvent.change(screen.getByLabelText('Plan amount'), { target: { value: '50000' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Save the plan' })));
    expect(saved).toEqual([{ month: '2026-04', userId: MANAGER, amount: 50000, currency: 'EUR' }]);
    expect(onSaved).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('status').textContent).toBe('The plan for 2026-04 is saved.');
  });

  it('should show the API\'s field errors at their fields and its sentence', async () => {
    const refusal = new BadInputProblem({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'The plan is not valid.',
      errors: [
        { field: 'amount', message: 'amount must not be less than 0' },
        { field: 'currency', message: 'currency must be a valid ISO4217 currency code' },
      ],
    });
    render(<PlanForm managers={managers} save={() => Promise.reject(refusal)} />);
    fireEvent.change(screen.getByLabelText('Plan amount'), { target: { value: '-5' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Save the plan' })));
    const amount = screen.getByLabelText('Plan amount');
    expect(amount.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(amount.getAttribute('aria-describedby')!)!.textContent).toBe('amount must not be less than 0');
    expect(screen.getByLabelText('Currency').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('alert').textContent).toBe('The plan was not saved. The plan is not valid.');
  });

  it('should ask for a manager\'s id when the department has none listed, and check it before sending', async () => {
    const save = jest.fn();
    render(<PlanForm managers={[]} save={save} />);
    fireEvent.change(screen.getByLabelText("Manager's user id"), { target: { value: 'not-an-id' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Save the plan' })));
    expect(save).not.toHaveBeenCalled();
    expect(screen.getByLabelText("Manager's user id").getAttribute('aria-invalid')).toBe('true');
  });
});
