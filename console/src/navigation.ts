import { useCallback, useEffect, useState } from 'react';

export type Page = '/' | '/security' | '/users' | '/signin' | '/signup' | '/confirm-email' | '/cancel-email-change' | '/forgot-password' | '/reset-password' | '/accept-invitation' | '/oidc/callback';

const PAGES: readonly string[] = ['/', '/security', '/users', '/signin', '/signup', '/confirm-email', '/cancel-email-change', '/forgot-password', '/reset-password', '/accept-invitation', '/oidc/callback'];

/** Pages that work whether or not someone is signed in. */
export const OPEN_PAGES: readonly Page[] = ['/confirm-email', '/cancel-email-change', '/forgot-password', '/reset-password', '/accept-invitation', '/oidc/callback'];

export function isPage(path: string): path is Page {
  return PAGES.includes(path);
}

function current(): Page {
  const path = window.location.pathname;
  return PAGES.includes(path) ? (path as Page) : '/';
}

/** The console's few pages, kept in the address bar so that reload and back work. */
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
