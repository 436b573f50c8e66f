import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../calls/pipeline/registry.js';
import { sessionCookie } from '../http/session-cookie.js';
import { bindProviderGrant } from '../store/oidc-provider-records.js';
import { hasSecondFactor } from '../store/second-factors.js';
import { ACR_ONE_FACTOR, ACR_SECOND_FACTOR } from './claims.js';
import { page } from './pages.js';
import { INTERACTION_PATH, type OpenIdProvider } from './provider.js';
import { providerSeconds, tesseraSession, type TesseraSession } from './tessera-session.js';

/** Where the console's sign-in page is, told where to come back to (a path of this origin, checked there too). */
function signInPage(uid: string): string {
  return `/signin?return=${encodeURIComponent(`${INTERACTION_PATH}/${uid}`)}`;
}

interface Details {
  uid: string;
  iat: number;
  params: Record<string, unknown>;
  prompt: { name: string; reasons: string[] };
  grantId?: string;
}

/**
 * The session a fresh sign-in replaced, for one interaction: prompt=login is met by any session
 * of this browser other than the one ended for it (a cookie the browser keeps a few minutes).
 */
function freshCookieName(services: Services): string {
  return services.config.secureCookies ? '__Host-tessera_oidc_fresh' : 'tessera_oidc_fresh';
}

/**
 * Whether the session proves the person as the relying party asked: signed in again for this
 * interaction (prompt=login), within max_age, with a second factor when acr_values asks for one
 * and they have one.
 */
async function satisfies(
  services: Services,
  session: TesseraSession,
  details: Details,
  replaced: string | undefined,
): Promise<boolean> {
  const { params, prompt } = details;
  if (prompt.reasons.includes('login_prompt') && (replaced === undefined || replaced === session.sessionId))
    return false;
  const maxAge = Number(params.max_age);
  if (
    params.max_age !== undefined &&
    Number.isFinite(maxAge) &&
    session.authenticatedAt < services.now() - maxAge * 1000
  )
    return false;
  const acrValues = typeof params.acr_values === 'string' ? params.acr_values.split(' ') : [];
  if (
    acrValues.includes(ACR_SECOND_FACTOR) &&
    session.secondFactorAt === undefined &&
    (await hasSecondFactor(services.store.db, session.userId))
  )
    return false;
  return true;
}

/**
 * The interaction oidc-provider sends the browser to. The console's own sign-in page (and second
 * step) proves the person; once the browser holds a Tessera session that proves them as asked, the
 * interaction ends with that session's user and a grant of the scopes asked (first-party sites:
 * no consent screen), bound to the session. A session that does not prove enough ends, and the
 * person signs in again.
 */
export async function interaction(
  services: Services,
  openId: OpenIdProvider,
  request: FastifyRequest<{ Params: { uid: string } }>,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const provider = openId.current;
  let details: Details | undefined;
  try {
    details = (await provider.interactionDetails(request.raw, reply.raw)) as unknown as Details;
  } catch {
    details = undefined;
  }
  // The interaction is the browser's (its cookie names it) and the one the address names.
  if (details?.uid !== request.params.uid) {
    // No interaction of this browser (its cookie gone, the interaction expired): start again from the site.
    return reply
      .code(400)
      .type('text/html; charset=utf-8')
      .send(
        page(
          'Sign-in expired',
          '<p>This sign-in took too long or was opened elsewhere. Go back to the site and sign in again.</p>',
        ),
      );
  }
  const { uid } = request.params;
  const session = await tesseraSession(services, request.raw);
  if (!session) return reply.redirect(signInPage(uid), 303);
  // A person who must first set up a second factor does so in the console, then goes back to the site.
  if (session.mustEnrol) return reply.redirect('/', 303);
  const fresh = freshCookieName(services);
  const [freshUid, replaced] = (request.cookies[fresh] ?? '').split('.');
  if (!(await satisfies(services, session, details, freshUid === uid ? replaced : undefined))) {
    // The person signs in again: this session ends (as signing in again would end it).
    await services.sessions.end(session.token);
    sessionCookie(reply, services).clear();
    reply.setCookie(fresh, `${uid}.${session.sessionId}`, {
      httpOnly: true,
      sameSite: 'lax',
      secure: services.config.secureCookies,
      path: '/',
      maxAge: 15 * 60,
    });
    return reply.redirect(signInPage(uid), 303);
  }
  reply.clearCookie(fresh, { httpOnly: true, sameSite: 'lax', secure: services.config.secureCookies, path: '/' });
  const clientId = String(details.params.client_id);
  const existing = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
  const grant =
    existing?.accountId === session.userId && existing.clientId === clientId
      ? existing
      : new provider.Grant({ accountId: session.userId, clientId });
  if (typeof details.params.scope === 'string') grant.addOIDCScope(details.params.scope);
  const grantId = await grant.save();
  await bindProviderGrant(services.store.db, grantId, session.sessionId, session.userId);
  const secondFactor = session.secondFactorAt !== undefined;
  const returnTo = await provider.interactionResult(
    request.raw,
    reply.raw,
    {
      login: {
        accountId: session.userId,
        acr: secondFactor ? ACR_SECOND_FACTOR : ACR_ONE_FACTOR,
        amr: secondFactor ? ['pwd', 'mfa'] : ['pwd'],
        ts: providerSeconds(session.authenticatedAt, services.now()),
        remember: true,
      },
      consent: { grantId },
    },
    { mergeWithLastSubmission: false },
  );
  return reply.redirect(returnTo, 303);
}
