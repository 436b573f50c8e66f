import type { IncomingMessage } from 'node:http';
import type { Services } from '../calls/pipeline/registry.js';
import { sessionCookieName } from '../http/session-cookie.js';
import { sessionProof } from '../store/sessions.js';

/** The person's Tessera session behind a browser's request, as the OpenID provider needs it. */
export interface TesseraSession {
  token: string;
  sessionId: string;
  userId: string;
  mustEnrol: boolean;
  /** When the person last proved who they are (ms). */
  authenticatedAt: number;
  /** When they last proved it with a second factor (ms), if ever in this session. */
  secondFactorAt: number | undefined;
}

/** The session findAccount found for an authorization request, for the provider's checks. */
export const sessionOfRequest = new WeakMap<IncomingMessage, TesseraSession>();

/**
 * A moment of Tessera's clock (`now`) as a time in seconds on the provider's (the system's):
 * the same in production; a test's clock moved by hand keeps the ages it made.
 */
export function providerSeconds(at: number, now: number): number {
  return Math.floor((Date.now() - (now - at)) / 1000);
}

/** Cookies of a request, by name (the last of a name wins, as @fastify/cookie reads them). */
function cookiesOf(request: IncomingMessage): Record<string, string> {
  const header = request.headers.cookie ?? '';
  const found: Record<string, string> = {};
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    const name = part.slice(0, index).trim();
    const value = part.slice(index + 1).trim();
    try {
      if (name !== '') found[name] = decodeURIComponent(value);
    } catch {
      // Not percent-encoding: no cookie of ours.
    }
  }
  return found;
}

/** The live Tessera session of the browser that sent the request, or undefined. */
export async function tesseraSession(
  services: Services,
  request: IncomingMessage,
): Promise<TesseraSession | undefined> {
  const token = cookiesOf(request)[sessionCookieName(services.config.secureCookies)];
  if (!token) return undefined;
  const session = await services.sessions.resolve(token);
  if (!session) return undefined;
  const proof = await sessionProof(services.store.db, session.session_id);
  if (!proof) return undefined;
  return {
    token,
    sessionId: session.session_id,
    userId: session.user_id,
    mustEnrol: session.must_enrol === 1,
    authenticatedAt: proof.authenticated_at,
    secondFactorAt: proof.second_factor_at ?? undefined,
  };
}
