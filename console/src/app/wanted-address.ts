import { isPage, type Page } from './navigation.js';

/**
 * Where a signed-out visitor was going (a mailed link to an operation, a bookmark): the page
 * with its query and fragment, kept through sign-in — a provider's round trip included, so it
 * lives in this tab's session storage — and opened once signed in.
 */
const WANTED = 'tessera.wanted';

/**
 * The address of one of this console's pages, or undefined: only a path of this origin that
 * names a console page, never another site ("//host", "https://…", "/\host"), so that no
 * link can send a person elsewhere after they sign in.
 */
export function consoleAddress(target: string): { page: Page; address: string } | undefined {
  if (!target.startsWith('/') || target.startsWith('//') || target.includes('\\')) return undefined;
  let url: URL;
  try {
    url = new URL(target, window.location.origin);
  } catch {
    return undefined;
  }
  if (url.origin !== window.location.origin || !isPage(url.pathname)) return undefined;
  return { page: url.pathname, address: `${url.pathname}${url.search}${url.hash}` };
}

/**
 * A site signing its visitor in with Tessera (OpenID Connect) sends them to /signin?return=<its
 * interaction>: the interaction's path on this origin, and nothing else, is where they go back.
 */
const INTERACTION = /^\/sso\/interaction\/[A-Za-z0-9_-]{1,64}$/;

/** Keeps the interaction a sign-in page was opened for, to go back to it once signed in. */
export function rememberReturn(): void {
  const target = new URLSearchParams(window.location.search).get('return');
  if (target !== null && INTERACTION.test(target)) sessionStorage.setItem(WANTED, target);
}

/**
 * The sign-in page was opened by Tessera's OpenID provider for a person already signed in who must
 * prove it anew (a site asked for prompt=login or max_age): the page is shown all the same, and
 * the new sign-in replaces the session.
 */
export function signInAgain(): boolean {
  return (
    window.location.pathname === '/signin' &&
    new URLSearchParams(window.location.search).get('again') === '1' &&
    INTERACTION.test(new URLSearchParams(window.location.search).get('return') ?? '')
  );
}

/** Signed in anew: the page is an ordinary sign-in page again (which sends the person on). */
export function signedInAgain(): void {
  if (signInAgain()) window.history.replaceState(null, '', '/signin');
}

/** Keeps the address in the address bar, to open it once the visitor has signed in. */
export function rememberWanted(): void {
  const here = consoleAddress(`${window.location.pathname}${window.location.search}${window.location.hash}`);
  if (here && here.address !== '/') sessionStorage.setItem(WANTED, here.address);
}

/** The address kept by rememberWanted, once; forgotten when read. */
export function takeWanted(): string | undefined {
  const wanted = sessionStorage.getItem(WANTED) ?? undefined;
  sessionStorage.removeItem(WANTED);
  return wanted;
}

/** Opens a console address with its query and fragment (a page of the console only; home otherwise). */
export function openAddress(target: string, go: (page: Page) => void): void {
  if (INTERACTION.test(target)) {
    // Back to Tessera's OpenID provider, which sends the browser on to the site.
    window.location.assign(target);
    return;
  }
  const found = consoleAddress(target);
  if (!found) {
    go('/');
    return;
  }
  const here = `${window.location.pathname}${window.location.search}${window.location.hash}`;
  if (found.address !== here) window.history.pushState(null, '', found.address);
  go(found.page);
}
