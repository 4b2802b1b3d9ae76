import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import type { Api } from '../api/client';
import type { Role } from '../api/views';
import { deal, STAGES } from '../deals/board.fixtures';
import { DealBoard } from '../deals/deal-board';
import { useUserNames, type DirectoryEntry } from './user-names';

const ME = '0194f5c8-0000-7000-8000-000000000001';
const MIA = '0194f5c8-0000-7000-8000-000000000002';
const OLEG = '0194f5c8-0000-7000-8000-000000000003';
const STRANGER = '0194f5c8-9999-7000-8000-000000000004';

const entry = (id: string, name: string, active = true): DirectoryEntry => ({ id, name, email: `${id}@x.test`, role: 'manager', partnerId: null, active });

/** The SDK's client as the directory reads it: GET /api/v1/users in two pages, counting the calls. */
function directoryApi(): { api: Api; calls: Array<{ path: string; query: Record<string, unknown> }> } {
  const calls: Array<{ path: string; query: Record<string, unknown> }> = [];
  const pages: Record<string, { items: DirectoryEntry[]; nextCursor: string | null }> = {
    first: { items: [entry(ME, 'Me Myself'), entry(MIA, 'Mia Manager')], nextCursor: 'second' },
    second: { items: [entry(OLEG, 'Oleg Left', false)], nextCursor: null },
  };
  const GET = jest.fn(async (path: string, init: { params: { query: Record<string, unknown> } }) => {
    calls.push({ path, query: init.params.query });
    return { data: pages[(init.params.query.cursor as string | undefined) ?? 'first'] };
  });
  return { api: { GET } as unknown as Api, calls };
}

function Names({ api, role, ids }: { api: Api; role: Role; ids: Array<string | null> }) {
  const nameOf = useUserNames(api, { id: ME, role });
  return (
    <ul>
      {ids.map((id, index) => (
        <li key={index}>{nameOf(id)}</li>
      ))}
    </ul>
  );
}

function renderWithQueries(children: React.ReactNode) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(<QueryClientProvider client={client}>{children}</QueryClientProvider>);
}

describe('names for user ids', () => {
  it("should show colleagues' names from the directory, read once for the whole page however many ask", async () => {
    const { api, calls } = directoryApi();
    renderWithQueries(
      <>
        <Names api={api} role="head_of_sales" ids={[MIA, ME, null]} />
        <Names api={api} role="head_of_sales" ids={[OLEG, STRANGER]} />
      </>,
    );
    expect(await screen.findByText('Mia Manager')).toBeTruthy();
    expect(screen.getByText('You')).toBeTruthy();
    expect(screen.getByText('Not assigned')).toBeTruthy();
    // A user from the second page, deactivated since: still named, and said to be inactive.
    expect(screen.getByText('Oleg Left (inactive)')).toBeTruthy();
    // An id the directory does not hold keeps the start of the id.
    expect(screen.getByText('User 0194f5c8')).toBeTruthy();
    expect(calls).toEqual([
      { path: '/api/v1/users', query: { limit: 500 } },
      { path: '/api/v1/users', query: { limit: 500, cursor: 'second' } },
    ]);
  });

  it("should not ask for the directory as a partner's user, who may not read it, and show the ids' starts", async () => {
    const { api, calls } = directoryApi();
    renderWithQueries(<Names api={api} role="partner_user" ids={[MIA]} />);
    expect(await screen.findByText('User 0194f5c8')).toBeTruthy();
    expect(calls).toEqual([]);
  });

  it("should put the owner's name on each card of the board", async () => {
    const { api } = directoryApi();
    function Board() {
      const nameOf = useUserNames(api, { id: ME, role: 'manager' });
      return <DealBoard stages={STAGES} deals={[{ ...deal('1', 'new', 100), ownerId: MIA }, { ...deal('2', 'new', 50), ownerId: ME }]} move={jest.fn()} reload={jest.fn()} nameOf={nameOf} />;
    }
    renderWithQueries(
      <MemoryRouter>
        <Board />
      </MemoryRouter>,
    );
    expect(await screen.findByText('Owner: Mia Manager')).toBeTruthy();
    expect(screen.getByText('Owner: You')).toBeTruthy();
  });
});
