import type { Account, KoaContextWithOIDC } from 'oidc-provider';
import { personalNames } from '../calls/pipeline/people.js';
import { rightsOf } from '../calls/pipeline/principal.js';
import type { Services } from '../calls/pipeline/registry.js';
import { readAccount } from '../store/accounts.js';
import { grantSessionExpiry } from '../store/oidc-provider-records.js';
import { findUser } from '../store/users.js';
import { sessionOfRequest, tesseraSession } from './tessera-session.js';

/** The scopes a relying party may ask for, and the claims each brings (in the ID token too). */
export const SCOPE_CLAIMS = {
  openid: ['sub', 'account_id', 'acr', 'amr', 'auth_time'],
  email: ['email', 'email_verified'],
  profile: ['name', 'given_name', 'family_name'],
  rights: ['rights'],
};

/** The Authentication Context Class References Tessera says: a password (or a provider) alone, or a second factor too. */
export const ACR_ONE_FACTOR = 'urn:tessera:acr:1fa';
export const ACR_SECOND_FACTOR = 'urn:tessera:acr:2fa';

const PLAUSIBLE_SUB = /^[\w-]{1,64}$/;

/**
 * A code or refresh token is good no longer than the Tessera session its grant was given in: a
 * session past its end is gone for the sites too, before the sweep deletes its row.
 */
async function grantStillLive(services: Services, token: unknown): Promise<boolean> {
  const grantId = (token as { grantId?: unknown }).grantId;
  if (typeof grantId !== 'string') return true;
  const expiresAt = await grantSessionExpiry(services.store.db, grantId);
  return expiresAt !== undefined && services.now() < expiresAt;
}

/**
 * oidc-provider's findAccount: a user who exists and is not disabled. At authorization (no token
 * yet), the browser must also hold a live Tessera session of that very user: signing out of
 * Tessera, or signing in as someone else, is seen by the provider at once.
 */
export function findAccount(services: Services) {
  return async (ctx: KoaContextWithOIDC, sub: string, token?: unknown): Promise<Account | undefined> => {
    if (!PLAUSIBLE_SUB.test(sub)) return undefined;
    const { db } = services.store;
    const user = await findUser(db, sub);
    if (!user || user.disabled_at !== null) return undefined;
    if (token === undefined) {
      const session = await tesseraSession(services, ctx.req);
      if (session?.userId !== sub) return undefined;
      sessionOfRequest.set(ctx.req, session);
    } else if (!(await grantStillLive(services, token))) return undefined;
    return {
      accountId: sub,
      claims: async () => {
        const account = await readAccount(db, user.account_id);
        const { firstName, lastName } = personalNames(user, account);
        const name = [firstName, lastName].filter(Boolean).join(' ');
        const rights = [...rightsOf(user, services)].sort();
        return {
          sub,
          account_id: user.account_id,
          // Only a login address the person confirmed is said, and then as verified.
          ...(user.email && user.email_confirmed_at !== null ? { email: user.email, email_verified: true } : {}),
          ...(name ? { name } : {}),
          ...(firstName ? { given_name: firstName } : {}),
          ...(lastName ? { family_name: lastName } : {}),
          rights,
        };
      },
    };
  };
}
