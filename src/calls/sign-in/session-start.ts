import type { WriteTransaction } from '../../store/transaction.js';
import type { CallContext, Principal } from '../registry.js';

/**
 * Ends the caller's current session, if any, and opens a new one in the call's transaction: a
 * fresh token at every sign-in. The cookie is set once the session is committed.
 * `authenticatedAt`: when the person proved who they are, if not now (an OpenID provider's auth_time).
 */
export async function startSession(
  context: CallContext<unknown, Principal | undefined>,
  tx: WriteTransaction,
  userId: string,
  authenticatedAt?: number,
): Promise<void> {
  const { sessions } = context.services;
  if (context.principal?.via === 'session') await sessions.end(context.principal.sessionToken, tx.db);
  const { token, expiresAt } = await sessions.start(userId, context.device, tx.db, authenticatedAt);
  tx.afterCommit(() => context.cookie.set(token, expiresAt));
}
