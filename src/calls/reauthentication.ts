import { ApiError, say, type Localized } from '../domain/errors.js';
import { findUser } from '../store/users.js';
import type { Principal, Services } from './registry.js';

/**
 * A sensitive change through the console needs a recent password proof (ASVS 7.5.1); a signed
 * request proves its key on every call and counts as fresh.
 */
export function requireRecentSignIn(principal: Principal, services: Services, what: Localized): void {
  if (principal.via !== 'session') return;
  const windowMs = services.config.reauthMinutes * 60_000;
  if (services.now() - principal.authenticatedAt <= windowMs) return;
  throw new ApiError(
    'ReauthenticationRequired',
    say(
      `${what.en} needs a recent sign-in: sign in again, then retry within ${services.config.reauthMinutes} minutes.`,
      `${what.fr} demande une connexion récente : reconnectez-vous, puis réessayez dans les ${services.config.reauthMinutes} minutes.`,
    ),
  );
}

/** The caller's own password, proved again in the request itself. */
export async function checkCurrentPassword(principal: Principal, password: string, services: Services): Promise<void> {
  const user = await findUser(services.store.db, principal.userId);
  const valid = user?.password_hash
    ? await services.hasher.verify(user.password_hash, password)
    : await services.hasher.verifyNothing(password);
  if (!valid)
    throw new ApiError('InvalidPassword', say('CurrentPassword is incorrect.', 'CurrentPassword est incorrect.'));
}
