import { useCallback, useEffect, useState } from 'react';
import { isPage, type Page } from '../../../src/http/console-pages.js';

// The one list of the console's addresses, which the server's fallback reads too.
export { isPage, PAGES, type Page } from '../../../src/http/console-pages.js';

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
