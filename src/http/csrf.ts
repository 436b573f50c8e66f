import type { IncomingHttpHeaders } from 'node:http';

/**
 * Whether a request was sent by a page of another site, from what browsers say of it: the
 * Fetch Metadata header, then Origin. Requests with neither come from non-browser clients
 * (CLI, SDKs), which carry no ambient cookie to abuse. Together with JSON-only bodies (which
 * a cross-site form cannot send without a CORS preflight we never grant), this is the CSRF
 * defence for cookie sessions.
 */
export function isCrossSite(
  headers: IncomingHttpHeaders,
  allowedOrigin: string | undefined,
  scheme: 'http' | 'https',
): boolean {
  const site = headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return true;
  const origin = headers.origin;
  if (typeof origin !== 'string') return false;
  const expected = allowedOrigin ?? `${scheme}://${headers.host ?? ''}`;
  return origin !== expected;
}
