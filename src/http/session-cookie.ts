import type { FastifyReply, FastifyRequest } from 'fastify';
import { identityOf, type Authenticated, type Principal } from '../calls/pipeline/principal.js';
import { type FlowCookie, type SessionCookie, type Services } from '../calls/pipeline/registry.js';

/** `__Host-` binds the cookie to this exact origin over TLS; it requires Secure and Path=/. */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-tessera_session' : 'tessera_session';
}

/**
 * Beside the session cookie, one the console's script may read, holding nothing but "1": a page
 * opened signed out then asks nothing it would be refused (the session itself stays HttpOnly).
 */
export function signedInMarkerName(secure: boolean): string {
  return secure ? '__Host-tessera_signed_in' : 'tessera_signed_in';
}

export function sessionCookie(reply: FastifyReply, services: Services): SessionCookie {
  const secure = services.config.secureCookies;
  const name = sessionCookieName(secure);
  const marker = signedInMarkerName(secure);
  return {
    set(token, expiresAt) {
      const options = {
        sameSite: 'lax' as const,
        secure,
        path: '/',
        maxAge: Math.floor((expiresAt - services.now()) / 1000),
      };
      reply.setCookie(name, token, { ...options, httpOnly: true });
      reply.setCookie(marker, '1', options);
    },
    clear() {
      reply.clearCookie(name, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
      reply.clearCookie(marker, { sameSite: 'lax', secure, path: '/' });
    },
  };
}

/** HttpOnly, and `__Host-` over TLS, as the session cookie. */
export function flowCookie(request: FastifyRequest, reply: FastifyReply, services: Services): FlowCookie {
  const secure = services.config.secureCookies;
  const name = secure ? '__Host-tessera_oidc' : 'tessera_oidc';
  const options = { httpOnly: true, sameSite: 'lax' as const, secure, path: '/' };
  return {
    read: () => request.cookies[name],
    set: (value, maxAgeSeconds) => void reply.setCookie(name, value, { ...options, maxAge: maxAgeSeconds }),
    clear: () => void reply.clearCookie(name, options),
  };
}

/** The signed-in user behind the request's session cookie, if it names a live session. */
export async function authenticatedBySession(
  request: FastifyRequest,
  services: Services,
): Promise<Authenticated | undefined> {
  const token = request.cookies[sessionCookieName(services.config.secureCookies)];
  if (!token) return undefined;
  const session = await services.sessions.resolve(token);
  if (!session) return undefined;
  const user = {
    userId: session.user_id,
    accountId: session.account_id,
    isOwner: session.is_owner === 1,
    userName: session.user_name,
    storedRights: session.rights,
  };
  const principal: Principal = {
    ...identityOf(user, services),
    via: 'session',
    sessionToken: token,
    sessionId: session.session_id,
    authenticatedAt: session.authenticated_at,
    mustEnrol: session.must_enrol === 1,
  };
  return { principal, accountAsRead: session.account };
}
