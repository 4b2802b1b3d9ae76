// Who is signed in, and the SDK client signing their requests. Held in React state only: a reload signs out,
// and nothing about the session is ever written to localStorage, sessionStorage or a cookie (ADR 0021).
import type { SaleswireClient } from '@saleswire/sdk';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { connect, read, type Api } from '../api/client';
import type { User } from '../api/views';

export interface Session {
  user: User;
  client: SaleswireClient;
  api: Api;
}

interface SessionState {
  session: Session | null;
  signIn: (email: string, password: string) => Promise<void>;
  signOut: () => void;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children, connectTo = connect }: { children: ReactNode; connectTo?: typeof connect }) {
  const [session, setSession] = useState<Session | null>(null);
  const queries = useQueryClient();

  // The signed-in client: only its own end of session signs out (an old client's 401 ends nothing).
  const signedIn = useRef<SaleswireClient | null>(null);

  const signOut = useCallback(() => {
    // The token goes with the client; nothing cached of this user stays for the next one.
    signedIn.current = null;
    setSession(null);
    queries.clear();
  }, [queries]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      // The password goes to POST /auth/token once and is kept nowhere: the SDK refreshes the token by itself
      // (POST /auth/refresh). When the session ends anyway (the token expired while the tab slept, the user was
      // deactivated), the SDK says so and the user is signed out.
      const client: SaleswireClient = connectTo(() => {
        if (signedIn.current === client) signOut();
      });
      await client.signIn({ email, password });
      const user = await read<User>(client.api.GET('/api/v1/users/me'));
      queries.clear();
      signedIn.current = client;
      setSession({ user, client, api: client.api });
    },
    [connectTo, queries, signOut],
  );

  const value = useMemo(() => ({ session, signIn, signOut }), [session, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSessionState(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSessionState outside SessionProvider');
  return state;
}

/** The signed-in session; pages render only inside the shell, which shows the sign-in form without one. */
export function useSession(): Session {
  const { session } = useSessionState();
  if (!session) throw new Error('useSession without a signed-in user');
  return session;
}

/** The API, signed as the current user. */
export function useApi(): Api {
  return useSession().api;
}
