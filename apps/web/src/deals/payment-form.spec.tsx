import { BadInputProblem } from '@saleswire/sdk';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { localDay, PaymentForm, paymentBody } from './payment-form';

describe('recording a payment', () => {
  it.each([
    [{ amount: '1 000'.replace(' ', ''), currency: 'eur', paidOn: '2026-12-01', reference: '' }, { amount: 1000, currency: 'EUR', paidAt: '2026-12-01' }],
    [{ amount: '99,95', currency: 'USD', paidOn: '2026-11-30', reference: ' INV-7 ' }, { amount: 99.95, currency: 'USD', paidAt: '2026-11-30', reference: 'INV-7' }],
  ])('should send %j as %j', (values, body) => {
    expect(paymentBody(values)).toEqual(body);
  });

  it('should date a payment by the user\'s own calendar day', () => {
    expect(localDay(new Date(2026, 11, 2, 0, 30))).toBe('2026-12-02');
  });

  it('should start from the outstanding amount and show a 400 at the amount', async () => {
    const problem = new BadInputProblem({ type: 'about:blank', title: 'Bad Request', status: 400, detail: 'The request has invalid fields.', errors: [{ field: 'amount', message: 'amount must be positive' }] });
    const onSubmit = jest.fn().mockRejectedValue(problem);
    render(<PaymentForm currency="EUR" outstanding={250} onSubmit={onSubmit} />);
    expect((screen.getByLabelText('Amount paid') as HTMLInputElement).value).toBe('250');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Record payment' }));
    expect(onSubmit).toHaveBeenCalledWith(expect.objectContaining({ amount: 250, currency: 'EUR' }));
    expect(await screen.findByText('amount must be positive')).toBeTruthy();
    expect(screen.getByLabelText('Amount paid').getAttribute('aria-invalid')).toBe('true');
  });
});
