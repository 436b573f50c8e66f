import { useCallback, useEffect, useState } from 'react';

/** Every address the console answers; routes.tsx says what each one shows and to whom. */
export const PAGES = [
  '/',
  '/security',
  '/security/password',
  '/security/two-step',
  '/security/passkeys',
  '/security/sessions',
  '/security/activity',
  '/security/access-keys',
  '/security/support',
  '/account',
  '/users',
  '/operations',
  '/audit',
  '/signin',
  '/signup',
  '/confirm-email',
  '/cancel-email-change',
  '/forgot-password',
  '/reset-password',
  '/accept-invitation',
  '/oidc/callback',
] as const;

export type Page = (typeof PAGES)[number];

export function isPage(path: string): path is Page {
  return (PAGES as readonly string[]).includes(path);
}

/**
 * Addresses that lead to another page: the authentication settings were one page at /security
 * before they had a page per concern, and links to it (bookmarks, a provider's return) still work.
 */
const LEADS_TO: Partial<Record<Page, Page>> = { '/security': '/security/password' };

function current(): Page {
  const path = window.location.pathname;
  if (!isPage(path)) return '/';
  const page = LEADS_TO[path] ?? path;
  // Replaced, not pushed: Back must not return to an address that only leads forward again.
  if (page !== path) window.history.replaceState(null, '', `${page}${window.location.search}${window.location.hash}`);
  return page;
}

/** The console's pages, kept in the address bar so that reload and back work. */
export function usePage(): [Page, (page: Page) => void] {
  const [page, setPage] = useState<Page>(current);
  useEffect(() => {
    const onPop = () => setPage(current());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const go = useCallback((to: Page) => {
    const next = LEADS_TO[to] ?? to;
    if (next !== window.location.pathname) window.history.pushState(null, '', next);
    setPage(next);
  }, []);
  return [page, go];
}
