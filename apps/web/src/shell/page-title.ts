import { matchPath } from 'react-router';
import type { PageRoute } from '../routes';

/**
 * The browser tab's title for a path: the page's own title or menu label, then the app's name. Tabs and a screen
 * reader's announcement of a new page tell pages apart by it (WCAG 2.4.2).
 */
export function pageTitle(pages: readonly Pick<PageRoute, 'path' | 'nav' | 'title'>[], pathname: string): string {
  // Static paths first, so that `leads/new` is not read as the lead `new`.
  const ordered = [...pages].sort((a, b) => Number(a.path.includes(':')) - Number(b.path.includes(':')));
  const page = ordered.find((known) => matchPath(`/${known.path}`, pathname));
  const name = page?.title ?? page?.nav;
  return name ? `${name} · Saleswire` : 'Saleswire';
}
