import { Suspense, useEffect } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigation, useRouteError } from 'react-router';
import { useSessionState } from '../auth/session';
import SignInPage from '../auth/sign-in.page';
import { PAGES } from '../routes';
import { ProblemMessage } from '../shared/problem';
import { Loading } from '../shared/states';
import { pageTitle } from './page-title';
import { ROLE_NAMES } from './roles';

/** The frame of every page: the role's menu and sign-out; the sign-in form while nobody is signed in. */
export function AppLayout() {
  const { session, signOut } = useSessionState();
  const navigation = useNavigation();
  const { pathname } = useLocation();
  useEffect(() => {
    document.title = session ? pageTitle(PAGES, pathname) : 'Sign in · Saleswire';
  }, [session, pathname]);
  if (!session) return <SignInPage />;
  const { user } = session;
  const menu = PAGES.filter((page) => page.nav && page.roles.includes(user.role));
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          Saleswire
        </Link>
        <nav aria-label="Main">
          <ul>
            {menu.map((page) => (
              <li key={page.path}>
                <NavLink to={`/${page.path}`} end>
                  {page.nav}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <span>
            {user.name} <small>({ROLE_NAMES[user.role]})</small>
          </span>
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {navigation.state === 'loading' ? <Loading what="Opening the page" /> : null}
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}

export function NotFoundPage({ reason = 'There is no such page.' }: { reason?: string }) {
  return (
    <section>
      <h1>Not available</h1>
      <p>{reason}</p>
      <Link to="/">Back to the start</Link>
    </section>
  );
}

/** What a page that failed to load or render shows instead of itself. */
export function PageError() {
  const error = useRouteError();
  return (
    <section>
      <h1>This page failed</h1>
      <ProblemMessage error={error} />
      <Link to="/">Back to the start</Link>
    </section>
  );
}
