import { DomainRuleProblem } from '@saleswire/sdk';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { DeclineForm } from './decline-form';

describe('<DeclineForm>', () => {
  const submit = () => act(async () => fireEvent.click(screen.getByRole('button', { name: 'Decline the lead' })));

  it('should refuse a blank reason without asking the API', async () => {
    const decline = jest.fn();
    render(<DeclineForm offerLabel="the lead in DE" decline={decline} onCancel={jest.fn()} />);
    fireEvent.change(screen.getByLabelText('Reason for declining'), { target: { value: '   ' } });
    await submit();
    expect(decline).not.toHaveBeenCalled();
    const reason = screen.getByLabelText('Reason for declining');
    expect(reason.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(reason.getAttribute('aria-describedby')!)!.textContent).toBe('Say why you decline the lead.');
  });

  it('should send the reason trimmed and tell the page it is declined', async () => {
    const decline = jest.fn().mockResolvedValue({});
    const onDeclined = jest.fn();
    render(<DeclineForm offerLabel="the lead in DE" decline={decline} onCancel={jest.fn()} onDeclined={onDeclined} />);
    fireEvent.change(screen.getByLabelText('Reason for declining'), { target: { value: '  Outside our trade  ' } });
    await submit();
    expect(decline).toHaveBeenCalledWith('Outside our trade');
    expect(onDeclined).toHaveBeenCalledTimes(1);
  });

  it('should say the API\'s sentence when it refuses, and keep the form', async () => {
    const refusal = new DomainRuleProblem({ type: 'about:blank', title: 'Unprocessable Entity', status: 422, detail: 'The offer has lapsed.', errors: [] });
    const onDeclined = jest.fn();
    render(<DeclineForm offerLabel="the lead in DE" decline={() => Promise.reject(refusal)} onCancel={jest.fn()} onDeclined={onDeclined} />);
    fireEvent.change(screen.getByLabelText('Reason for declining'), { target: { value: 'Too late' } });
    await submit();
    expect(screen.getByRole('alert').textContent).toBe('The offer was not declined. The offer has lapsed.');
    expect(onDeclined).not.toHaveBeenCalled();
  });

  it('should keep the offer on "Keep the offer"', () => {
    const onCancel = jest.fn();
    render(<DeclineForm offerLabel="the lead in DE" decline={jest.fn()} onCancel={onCancel} />);
    fireEvent.click(screen.getByRole('button', { name: 'Keep the offer' }));
    expect(onCancel).toHaveBeenCalledTimes(1);
  });
});
