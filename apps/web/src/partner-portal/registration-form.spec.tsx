import { BadInputProblem } from '@saleswire/sdk';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { EMPTY_REGISTRATION, registrationBody, RegistrationForm } from './registration-form';

describe('a deal registration\'s request', () => {
  it('should leave blank optional fields out and read a decimal comma', () => {
    expect(registrationBody({ ...EMPTY_REGISTRATION, customerName: ' Acme GmbH ', taxId: '', email: 'buyer@acme.example', title: 'Presses', expectedAmount: '12500,5', currency: 'eur', expectedCloseDate: '2026-06-30' })).toEqual({
      customer: { name: 'Acme GmbH', taxId: undefined, email: 'buyer@acme.example', website: undefined },
      title: 'Presses',
      expectedAmount: 12500.5,
      currency: 'EUR',
      expectedCloseDate: '2026-06-30',
    });
  });

  it('should send a blank amount as null for the API to name', () => {
    expect(registrationBody(EMPTY_REGISTRATION).expectedAmount).toBeNull();
  });
});

describe('<RegistrationForm>', () => {
  const send = () => act(async () => fireEvent.click(screen.getByRole('button', { name: 'Register the deal' })));

  it('should show the API\'s errors at their fields, nested ones included', async () => {
    const refusal = new BadInputProblem({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'The registration is not valid.',
      errors: [
        { field: 'customer.name', message: 'customer.name should not be empty' },
        { field: 'expectedAmount', message: 'expectedAmount must be a number' },
      ],
    });
    render(<RegistrationForm submit={() => Promise.reject(refusal)} />);
    await send();
    for (const [label, message] of [
      ['Customer name', 'customer.name should not be empty'],
      ['Expected amount', 'expectedAmount must be a number'],
    ]) {
      const field = screen.getByLabelText(label);
      expect(field.getAttribute('aria-invalid')).toBe('true');
      expect(document.getElementById(field.getAttribute('aria-describedby')!)!.textContent).toBe(message);
    }
    expect(screen.getByLabelText('Deal title').getAttribute('aria-invalid')).toBeNull();
    expect(screen.getByRole('alert').textContent).toBe('The deal was not registered. The registration is not valid.');
  });

  it('should send the form, say it is registered and empty the form', async () => {
    const submit = jest.fn().mockResolvedValue({});
    render(<RegistrationForm submit={submit} />);
    fireEvent.change(screen.getByLabelText('Customer name'), { target: { value: 'Acme GmbH' } });
    fireEvent.change(screen.getByLabelText('Deal title'), { target: { value: 'Presses' } });
    fireEvent.change(screen.getByLabelText('Expected amount'), { target: { value: '1000' } });
    fireEvent.change(screen.getByLabelText('Expected close date'), { target: { value: '2026-06-30' } });
    await send();
    expect(submit).toHaveBeenCalledWith(expect.objectContaining({ title: 'Presses', expectedAmount: 1000, currency: 'EUR', expectedCloseDate: '2026-06-30' }));
    expect(screen.getByRole('status').textContent).toBe('"Presses" is registered and waits for a decision.');
    expect((screen.getByLabelText('Deal title') as HTMLInputElement).value).toBe('');
  });
});
