import { BadInputProblem } from '@saleswire/sdk';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { routingBody, RoutingForm } from './routing.page';

describe('lead routing to partners', () => {
  it.each([
    ['on for two sources, in the list\'s order', { enabled: true, sources: ['website', 'exhibition'] as const, offerHours: ' 48 ' }, { body: { enabled: true, sources: ['exhibition', 'website'], offerHours: 48 } }],
    ['off without sources', { enabled: false, sources: [] as const, offerHours: '24' }, { body: { enabled: false, sources: [], offerHours: 24 } }],
    ['on without sources', { enabled: true, sources: [] as const, offerHours: '24' }, { errors: { sources: 'Pick the sources whose leads are offered to partners.' } }],
    ['0 hours', { enabled: false, sources: [] as const, offerHours: '0' }, { errors: { offerHours: 'A whole number of hours from 1 to 720.' } }],
    ['a month and a day', { enabled: false, sources: [] as const, offerHours: '721' }, { errors: { offerHours: 'A whole number of hours from 1 to 720.' } }],
  ])('should send %s as %j', (_what, values, outcome) => {
    expect(routingBody({ ...values, sources: [...values.sources] })).toEqual(outcome);
  });

  it('should switch routing on for a source, show the API\'s refusal at its field, and say when it is saved', async () => {
    const save = jest
      .fn()
      .mockRejectedValueOnce(new BadInputProblem({ type: 'about:blank', title: 'Bad Request', status: 400, detail: 'The request has invalid fields.', errors: [{ field: 'offerHours', message: 'offerHours is refused' }] }))
      .mockImplementationOnce(async (body: unknown) => body);
    render(<RoutingForm settings={{ enabled: false, sources: [], offerHours: 48 }} save={save} />);
    const user = userEvent.setup();
    await user.click(screen.getByLabelText('Offer new leads to partners'));
    await user.click(screen.getByRole('button', { name: 'Save the routing' }));
    expect(save).not.toHaveBeenCalled();
    expect(screen.getByText('Pick the sources whose leads are offered to partners.')).toBeTruthy();
    await user.click(screen.getByLabelText('inbound call'));
    await user.click(screen.getByRole('button', { name: 'Save the routing' }));
    expect(save).toHaveBeenCalledWith({ enabled: true, sources: ['inbound_call'], offerHours: 48 });
    expect(await screen.findByText('offerHours is refused')).toBeTruthy();
    expect(screen.getByLabelText('Hours a partner has to answer an offer').getAttribute('aria-invalid')).toBe('true');
    await user.click(screen.getByRole('button', { name: 'Save the routing' }));
    expect((await screen.findByRole('status')).textContent).toMatch(/^The routing is saved/);
  });
});
