import { useCallback, useEffect, useState } from 'react';

/** Every address the console answers; routes.tsx says what each one shows and to whom. */
export const PAGES = [
  '/',
  '/security',
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

function current(): Page {
  const path = window.location.pathname;
  return isPage(path) ? path : '/';
}

/** The console's pages, kept in the address bar so that reload and back work. */
export function usePage(): [Page, (page: Page) => void] {
  const [page, setPage] = useState<Page>(current);
  useEffect(() => {
    const onPop = () => setPage(current());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const go = useCallback((next: Page) => {
    if (next !== window.location.pathname) window.history.pushState(null, '', next);
    setPage(next);
  }, []);
  return [page, go];
}
