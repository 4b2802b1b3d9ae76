import { createElement, type ComponentType } from 'react';
import { createBrowserRouter, Navigate, type RouteObject } from 'react-router';
import type { Role } from '../api/views';
import { useSession } from '../auth/session';
import { PAGES } from '../routes';
import { AppLayout, NotFoundPage, PageError } from './layout';
import { HOME_BY_ROLE } from './roles';

/** The page, or "not available" when the signed-in role may not open it (a partner user typing /leads). */
function guarded(roles: Role[], Page: ComponentType): ComponentType {
  return function GuardedPage() {
    const { user } = useSession();
    if (!roles.includes(user.role)) return createElement(NotFoundPage, { reason: 'This page is not available to you.' });
    return createElement(Page);
  };
}

function Home() {
  const { user } = useSession();
  return createElement(Navigate, { to: HOME_BY_ROLE[user.role], replace: true });
}

export const ROUTES: RouteObject[] = [
  {
    path: '/',
    Component: AppLayout,
    children: [
      { index: true, Component: Home },
      ...PAGES.map(
        (route): RouteObject => ({
          path: route.path,
          // A page that fails to render says so inside the shell, which stays usable.
          ErrorBoundary: PageError,
          lazy: async () => ({ Component: guarded(route.roles, (await route.page()).default) }),
        }),
      ),
      { path: '*', Component: NotFoundPage },
    ],
  },
];

export function createAppRouter() {
  return createBrowserRouter(ROUTES);
}
