import { readAccount } from '../../store/accounts.js';
import { moveProviderGrants } from '../../store/oidc-provider-records.js';
import { hasSecondFactor } from '../../store/second-factors.js';
import type { WriteTransaction } from '../../store/transaction.js';
import { lockUser, type UserRow } from '../../store/users.js';
import type { Principal } from '../pipeline/principal.js';
import type { CallContext, Services } from '../pipeline/registry.js';
import { factorRequired } from './required-factor.js';

/**
 * Whether the user's account requires a second factor; if so, the user's row is locked, as an
 * enrolment locks it, so that a sign-in and the first factor's enrolment see each other: the
 * sign-in asks for the factor, or its session is one the enrolment ends (releaseEnrolment).
 */
export async function lockIfFactorRequired(
  tx: WriteTransaction,
  services: Services,
  user: SessionUser,
): Promise<boolean> {
  if (!factorRequired(services, await readAccount(tx.db, user.account_id))) return false;
  await lockUser(tx, user.user_id);
  return true;
}

/** Whether the user's account requires a second factor that they have not enrolled yet. */
async function mustEnrolSecondFactor(tx: WriteTransaction, services: Services, user: SessionUser): Promise<boolean> {
  return (await lockIfFactorRequired(tx, services, user)) && !(await hasSecondFactor(tx.db, user.user_id));
}

/** Whom a session is opened for: the caller found them already. */
export type SessionUser = Pick<UserRow, 'user_id' | 'account_id'>;

/**
 * Ends the caller's current session, if any, and opens a new one in the call's transaction: a
 * fresh token at every sign-in; what the OpenID provider gave sites in the ended session goes on
 * with the new one when the same person signed in again. The cookie is set once the session is committed.
 * `authenticatedAt`: when the person proved who they are, if not now (an OpenID provider's auth_time);
 * `secondFactor`: they proved it with a second factor too (what Tessera as an OpenID provider says).
 */
export async function startSession(
  context: CallContext<unknown, Principal | undefined>,
  tx: WriteTransaction,
  user: SessionUser,
  authenticatedAt?: number,
  secondFactor = false,
): Promise<void> {
  const { sessions } = context.services;
  const previous = context.principal?.via === 'session' ? context.principal : undefined;
  const { token, expiresAt, sessionId } = await sessions.start(
    user.user_id,
    context.device,
    tx.db,
    authenticatedAt,
    await mustEnrolSecondFactor(tx, context.services, user),
    secondFactor,
  );
  if (previous) {
    // The same person signing in again (a site asked for it): the sites keep what they were given,
    // now under the new session; someone else signing in ends the previous person's with theirs.
    if (previous.userId === user.user_id) await moveProviderGrants(tx.db, previous.sessionId, sessionId);
    await sessions.end(previous.sessionToken, tx.db);
  }
  tx.afterCommit(() => context.cookie.set(token, expiresAt));
}
