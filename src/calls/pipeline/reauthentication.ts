import { signInSubjects } from '../../auth/sign-in-guard.js';
import { say, type Localized } from '../../domain/errors.js';
import { hasSecondFactor } from '../../store/second-factors.js';
import { findUser, type UserRow } from '../../store/users.js';
import { pipelineErrors } from './errors.js';
import type { Principal } from './principal.js';
import type { AnyCall, CallContext, Services } from './registry.js';

/**
 * A sensitive change through the console needs a recent password proof (ASVS 7.5.1); a signed
 * request proves its key on every call and counts as fresh.
 */
function requireRecentSignIn(principal: Principal, services: Services, what: Localized): void {
  if (principal.via !== 'session' || signedInRecently(principal, services)) return;
  throw pipelineErrors.NeedsRecentSignIn({ What: what, Minutes: services.config.reauthMinutes });
}

/** Whether a console session's person proved themself within the re-authentication window. */
function signedInRecently(principal: Principal & { via: 'session' }, services: Services): boolean {
  return services.now() - principal.authenticatedAt <= services.config.reauthMinutes * 60_000;
}

export const CHANGING_EMAIL = say('Changing the email address', "Changer l'adresse e-mail");

/**
 * The one rule before a login address changes (ATK-57, ASVS 6.3.4, 7.5.1): proof of the person,
 * not of the credential — the current password, or a recent console sign-in. An access key
 * proves only that someone holds the key, so a signed request must send CurrentPassword.
 */
async function provePerson(
  context: Pick<CallContext<unknown, Principal>, 'principal' | 'services' | 'device'>,
  currentPassword: string | undefined,
  what: Localized,
): Promise<void> {
  const { principal, services } = context;
  if (currentPassword !== undefined) {
    const user = await findUser(services.store.db, principal.userId);
    await verifyCurrentPassword(context, user, currentPassword);
  } else if (principal.via === 'session') {
    requireRecentSignIn(principal, services, what);
  } else {
    throw pipelineErrors.NeedsCurrentPasswordWithKey({ What: what });
  }
}

/**
 * The rule before second factors change — one added, removed, or recovery codes minted (NIST SP
 * 800-63B-4 §3.1.7, ASVS 6.3.4): proof by the strongest factor the person holds. Without a second
 * factor, the password proves them (provePerson). With one, only a recent sign-in that used it (a
 * session opened with both factors, or renewed by ReauthenticateWithSecondFactor): the password
 * alone, or an access key with it, would let whoever holds them replace the authenticator.
 */
async function proveStrongestFactor(
  context: Pick<CallContext<unknown, Principal>, 'principal' | 'services' | 'device'>,
  currentPassword: string | undefined,
  what: Localized,
): Promise<void> {
  const { principal, services } = context;
  if (!(await hasSecondFactor(services.store.db, principal.userId))) return provePerson(context, currentPassword, what);
  if (principal.via !== 'session') throw pipelineErrors.NeedsSecondFactorInConsole({ What: what });
  if (signedInRecently(principal, services)) return;
  throw pipelineErrors.NeedsRecentSecondFactor({ What: what, Minutes: services.config.reauthMinutes });
}

/**
 * Checks the caller's current password. A wrong one is a failed sign-in (ATK-64): counted and
 * throttled with the user's login and the caller's address, as SignIn does.
 */
export async function verifyCurrentPassword(
  { device, services }: Pick<CallContext<unknown, Principal>, 'services' | 'device'>,
  user: UserRow | undefined,
  password: string,
): Promise<void> {
  const subjects = signInSubjects(user?.email_key ?? user?.user_id ?? '', device.ip);
  const verdict = await services.signInGuard.check(subjects);
  const hash = user?.password_hash;
  const matches = hash ? await services.hasher.verify(hash, password) : await services.hasher.verifyNothing(password);
  if (!matches || verdict.locked) {
    await services.signInGuard.failed(subjects);
    throw pipelineErrors.WrongCurrentPassword();
  }
  await services.signInGuard.succeeded(subjects, verdict);
}

/**
 * The proof the call declares (CallDefinition.freshness), for this request: a validated
 * operation's call was proved when it was asked for; a call open to anyone has no person to prove.
 */
export async function proveFreshness(
  call: AnyCall,
  context: Pick<
    CallContext<Record<string, unknown>, Principal | undefined>,
    'principal' | 'services' | 'device' | 'input'
  >,
): Promise<void> {
  const { freshness } = call;
  const { principal, services, input } = context;
  if (!freshness || !principal || principal.via === 'operation') return;
  if (freshness.when && !freshness.when(input, principal)) return;
  const what = typeof freshness.what === 'function' ? freshness.what(input, services) : freshness.what;
  const currentPassword = typeof input.CurrentPassword === 'string' ? input.CurrentPassword : undefined;
  const proving = { ...context, principal };
  if (freshness.proof === 'recent-sign-in') return requireRecentSignIn(principal, services, what);
  if (freshness.proof === 'person') return provePerson(proving, currentPassword, what);
  return proveStrongestFactor(proving, currentPassword, what);
}
