import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../calls/pipeline/registry.js';
import { bindProviderGrant, providerRecordCreatedAt } from '../store/oidc-provider-records.js';
import { hasSecondFactor } from '../store/second-factors.js';
import { ACR_ONE_FACTOR, ACR_SECOND_FACTOR } from './claims.js';
import { page } from './pages.js';
import { INTERACTION_PATH, type OpenIdProvider } from './provider.js';
import { providerSeconds, tesseraSession, type TesseraSession } from './tessera-session.js';

/**
 * Where the console's sign-in page is, told where to come back to (a path of this origin, checked
 * there too); `again`: the person is signed in but must prove it anew, the page is shown all the same.
 */
function signInPage(uid: string, again = false): string {
  return `/signin?return=${encodeURIComponent(`${INTERACTION_PATH}/${uid}`)}${again ? '&again=1' : ''}`;
}

interface Details {
  uid: string;
  iat: number;
  params: Record<string, unknown>;
  prompt: { name: string; reasons: string[] };
  grantId?: string;
}

/**
 * Whether the session proves the person as the relying party asked: signed in after this
 * interaction began (prompt=login; both times from the database, nothing the browser says), within
 * max_age, with a second factor when acr_values asks for one and they have one.
 */
async function satisfies(services: Services, session: TesseraSession, details: Details): Promise<boolean> {
  const { params, prompt } = details;
  const began = await providerRecordCreatedAt(services.store.db, 'Interaction', details.uid);
  // Signed in after the site asked: as fresh as any request can want (max_age=0 included).
  const signedInSince = began !== undefined && session.authenticatedAt > began;
  if (prompt.reasons.includes('login_prompt') && !signedInSince) return false;
  const maxAge = Number(params.max_age);
  if (
    params.max_age !== undefined &&
    Number.isFinite(maxAge) &&
    session.authenticatedAt < services.now() - maxAge * 1000 &&
    !signedInSince
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
 * no consent screen), bound to the session. A session that does not prove enough is kept, and the
 * person signs in again (which replaces it).
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
  // The person signs in again on the console's page; the session is left as it is on this GET (a
  // link from any site must not end it): the new sign-in replaces it.
  if (!(await satisfies(services, session, details))) return reply.redirect(signInPage(uid, true), 303);
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
