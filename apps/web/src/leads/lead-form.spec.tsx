import { BadInputProblem, DomainRuleProblem } from '@saleswire/sdk';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EMPTY_LEAD, LeadForm, leadBody } from './lead-form';

describe('the new-lead form', () => {
  it('should send the body POST /leads takes, blanks left out and a decimal comma read as a point', async () => {
    const onSubmit = jest.fn().mockResolvedValue(undefined);
    render(<LeadForm onSubmit={onSubmit} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/Contact name/), 'Irina Volkova');
    await user.type(screen.getByLabelText('Email'), 'irina@northwind.example');
    await user.type(screen.getByLabelText('Company'), 'Northwind');
    await user.type(screen.getByLabelText('Region'), 'de-by');
    await user.type(screen.getByLabelText('Expected amount'), '1200,50');
    await user.selectOptions(screen.getByLabelText('Source'), 'exhibition');
    // Keyboard only: Enter in a field submits the form.
    await user.type(screen.getByLabelText('Title'), 'Pilot{Enter}');
    expect(onSubmit).toHaveBeenCalledWith({
      contact: { name: 'Irina Volkova', email: 'irina@northwind.example' },
      company: { name: 'Northwind' },
      source: 'exhibition',
      direction: 'inbound',
      segment: 'b2b',
      region: 'DE-BY',
      title: 'Pilot',
      expectedAmount: 1200.5,
      currency: 'EUR',
    });
  });

  it('should show a 400\'s field errors at their fields and its detail as a sentence', async () => {
    const problem = new BadInputProblem({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'The request has invalid fields.',
      errors: [
        { field: 'contact.email', message: 'email must be an email' },
        { field: 'region', message: 'region must be an ISO 3166 code' },
      ],
    });
    render(<LeadForm onSubmit={jest.fn().mockRejectedValue(problem)} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/Contact name/), 'Irina');
    await user.click(screen.getByRole('button', { name: 'Create lead' }));
    const email = screen.getByLabelText('Email');
    expect(await screen.findByText('email must be an email')).toBeTruthy();
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(email.getAttribute('aria-describedby')!)?.textContent).toBe('email must be an email');
    expect(screen.getByLabelText('Region').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText('Phone').getAttribute('aria-invalid')).toBeNull();
    expect(screen.getByRole('alert').textContent).toBe('The request has invalid fields.');
  });

  it('should show a 422\'s detail and no field error when it names none', async () => {
    const problem = new DomainRuleProblem({ type: 'about:blank', title: 'Unprocessable Entity', status: 422, detail: 'The assignee is not active.', errors: [] });
    render(<LeadForm onSubmit={jest.fn().mockRejectedValue(problem)} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/Contact name/), 'Irina');
    await user.click(screen.getByRole('button', { name: 'Create lead' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The assignee is not active.');
    expect(document.querySelectorAll('[aria-invalid="true"]')).toHaveLength(0);
  });

  it.each([
    ['no amount: no currency either', { ...EMPTY_LEAD, name: ' A ' }, { contact: { name: 'A' }, source: 'website', direction: 'inbound', segment: 'b2b' }],
    ['a tax id without a company is left out', { ...EMPTY_LEAD, name: 'A', taxId: 'DE1' }, { contact: { name: 'A' }, source: 'website', direction: 'inbound', segment: 'b2b' }],
    ['a company with its tax id', { ...EMPTY_LEAD, name: 'A', companyName: 'Acme', taxId: 'DE1' }, { contact: { name: 'A' }, company: { name: 'Acme', taxId: 'DE1' }, source: 'website', direction: 'inbound', segment: 'b2b' }],
  ])('should build the body when %s', (_case, values, body) => {
    expect(leadBody(values)).toEqual(body);
  });
});
