// Names for user ids (assignees, owners, team members, the dashboard's managers): the user directory, read once
// through the SDK (GET /users, every page) and kept by TanStack Query for the session, so a list of a hundred
// leads costs no request per row. The company's people may read the directory; a partner's user may not (403),
// so for them, and for an id the directory does not hold, the start of the id stands in.
import { useQuery } from '@tanstack/react-query';
import { read, type Api } from '../api/client';
import type { Page, Role, User } from '../api/views';

/** A user as the directory shows them to colleagues (GET /users for anyone but an admin). */
export type DirectoryEntry = Pick<User, 'id' | 'name' | 'email' | 'role' | 'partnerId' | 'active'>;

/** The label of a user id: a name, "You", "Not assigned", or the start of the id. */
export type NameOf = (id: string | null | undefined) => string;

/** Who may read GET /users (API.md, "Users and auth"). */
const READS_THE_DIRECTORY: readonly Role[] = ['admin', 'head_of_sales', 'manager', 'channel_manager'];

export const DIRECTORY_QUERY_KEY = ['users', 'directory'] as const;

/** The directory changes seldom (a new colleague, a rename): kept fresh for five minutes, then read again in the background. */
const DIRECTORY_FRESH_MS = 5 * 60_000;

/** Every user of the directory, page after page. */
export async function readDirectory(api: Api): Promise<DirectoryEntry[]> {
  const entries: DirectoryEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await read<Page<DirectoryEntry>>(api.GET('/api/v1/users', { params: { query: { limit: 500, ...(cursor ? { cursor } : {}) } as never } }));
    entries.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return entries;
}

/** The labels of user ids from what the directory holds; `me` is "You". */
export function namesFrom(directory: ReadonlyMap<string, DirectoryEntry> | undefined, me: string): NameOf {
  return (id) => {
    if (!id) return 'Not assigned';
    if (id === me) return 'You';
    const entry = directory?.get(id);
    if (!entry) return `User ${id.slice(0, 8)}`;
    return entry.active ? entry.name : `${entry.name} (inactive)`;
  };
}

// Stable, so TanStack Query builds the map once per answer rather than on every render.
const byId = (entries: DirectoryEntry[]): ReadonlyMap<string, DirectoryEntry> => new Map(entries.map((entry) => [entry.id, entry]));

/** The directory for a viewer who may read it (nothing is asked for a partner's user). */
export function useDirectory(api: Api, viewer: { role: Role }) {
  return useQuery({
    queryKey: DIRECTORY_QUERY_KEY,
    queryFn: () => readDirectory(api),
    enabled: READS_THE_DIRECTORY.includes(viewer.role),
    staleTime: DIRECTORY_FRESH_MS,
    select: byId,
  });
}

/** Names for user ids as `viewer` sees them; ids stand in for names until the directory has answered. */
export function useUserNames(api: Api, viewer: { id: string; role: Role }): NameOf {
  return namesFrom(useDirectory(api, viewer).data, viewer.id);
}

/** The active users of some roles, by name: the choices of a "manager" or "assignee" field. */
export function usersOf(directory: ReadonlyMap<string, DirectoryEntry> | undefined, roles: readonly Role[]): DirectoryEntry[] {
  return [...(directory?.values() ?? [])].filter((entry) => entry.active && roles.includes(entry.role)).sort((a, b) => a.name.localeCompare(b.name));
}
