import type { SaleswireClient } from '@saleswire/sdk';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SessionProvider, useSessionState } from './session';

const ANNA = { id: 'u1', email: 'anna@x.test', name: 'Anna', role: 'manager', partnerId: null, active: true };

/** A client as the SDK makes it, recording how it was made and signed in; `end` is the SDK saying the session is over. */
function fakeConnect() {
  const made: Array<{ args: unknown[]; signIn: jest.Mock; end: () => void }> = [];
  const connectTo = ((...args: unknown[]) => {
    const signIn = jest.fn().mockResolvedValue(undefined);
    made.push({ args, signIn, end: args[0] as () => void });
    return { signIn, api: { GET: jest.fn().mockResolvedValue({ data: ANNA }) } } as unknown as SaleswireClient;
  }) as never;
  return { connectTo, made };
}

function Probe() {
  const { session, signIn } = useSessionState();
  return (
    <div>
      <p>{session ? `Signed in as ${session.user.name}` : 'Signed out'}</p>
      <button type="button" onClick={() => void signIn('anna@x.test', 'secret-pw')}>
        Sign in
      </button>
    </div>
  );
}

describe('the session', () => {
  it('should hand the password only to the sign-in, never to the client it keeps, and sign out when the SDK says the session is over', async () => {
    const { connectTo, made } = fakeConnect();
    render(
      <QueryClientProvider client={new QueryClient()}>
        <SessionProvider connectTo={connectTo}>
          <Probe />
        </SessionProvider>
      </QueryClientProvider>,
    );
    await userEvent.setup().click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Signed in as Anna')).toBeTruthy();
    expect(made).toHaveLength(1);
    expect(made[0].signIn).toHaveBeenCalledWith({ email: 'anna@x.test', password: 'secret-pw' });
    expect(JSON.stringify(made[0].args)).not.toContain('secret-pw');
    act(() => made[0].end());
    expect(screen.getByText('Signed out')).toBeTruthy();
  });

  it("should not let an earlier client's end of session sign out the next user", async () => {
    const { connectTo, made } = fakeConnect();
    render(
      <QueryClientProvider client={new QueryClient()}>
        <SessionProvider connectTo={connectTo}>
          <Probe />
        </SessionProvider>
      </QueryClientProvider>,
    );
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByText('Signed in as Anna');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByText('Signed in as Anna');
    expect(made).toHaveLength(2);
    act(() => made[0].end());
    expect(screen.getByText('Signed in as Anna')).toBeTruthy();
    act(() => made[1].end());
    expect(screen.getByText('Signed out')).toBeTruthy();
  });
});
