/**
 * Every address the console answers: its router (console/src/app/navigation.ts, routes.tsx) and
 * the server's fallback (console-assets.ts) read this one list, so that the server hands the
 * single-page app only the console's own pages and answers anything else with a 404. Pure data:
 * the console imports it as it is.
 */
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
