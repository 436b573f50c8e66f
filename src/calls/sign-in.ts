import { Type } from '@sinclair/typebox';
import { signInSubjects } from '../auth/sign-in-guard.js';
import { reviseProfile } from '../domain/account-profile.js';
import { canonicalEmail, loginKey } from '../domain/email-address.js';
import { ApiError, say } from '../domain/errors.js';
import { checkNewPassword } from '../domain/password-policy.js';
import { isUniqueViolation } from '../store/constraint-errors.js';
import { findUserByEmailKey } from '../store/users.js';
import { createAccountWithOwner, signUpClosed } from './account-creation.js';
import { Account, accountOutput, ProfileFields } from './account-schemas.js';
import { NoInput, userDisabled } from './call-parts.js';
import { defineCall, type CallContext, type Principal } from './registry.js';

const Email = Type.String({ maxLength: 256, description: 'The email address, which is also the login.' });
const Password = Type.String({ maxLength: 1024, description: 'The password.' });

function wrongCredentials(): ApiError {
  return new ApiError('AuthenticationFailed', say('The email address or the password is incorrect.', "L'adresse e-mail ou le mot de passe est incorrect."));
}

/** Ends the caller's current session, if any, and opens a new one: a fresh token at every sign-in. */
export async function startSession(context: CallContext<unknown, Principal | undefined>, userId: string, db = context.services.store.db, authenticatedAt?: number): Promise<void> {
  const { sessions } = context.services;
  if (context.principal?.via === 'session') await sessions.end(context.principal.sessionToken, db);
  const { token, expiresAt } = await sessions.start(userId, context.device, db, authenticatedAt);
  context.cookie.set(token, expiresAt);
}

const { FirstName: _first, LastName: _last, AdditionalEmails: _additional, ...optionalProfile } = ProfileFields;

export const signUp = defineCall({
  name: 'SignUp',
  summary: 'Creates an account and its owner, and signs the owner in.',
  origin: 'tessera',
  auth: ['none', 'session'],
  access: { kind: 'anyone' },
  input: Type.Object(
    {
      Email,
      Password,
      FirstName: Type.String({ maxLength: 256 }),
      LastName: Type.String({ maxLength: 256 }),
      Language: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('fr')], { description: 'The language of emails and of the console.' })),
      ...optionalProfile,
    },
    { additionalProperties: false },
  ),
  output: Type.Object({ Account }),
  async handler(context) {
    const { input, services } = context;
    const { config, store, hasher } = services;
    if (!config.signUpOpen) throw signUpClosed();
    const { Email: rawEmail, Password: password, Language: language, ...fields } = input;
    const email = canonicalEmail('Email', rawEmail);
    const profile = reviseProfile({ FirstName: '', LastName: '', AdditionalEmails: [] }, fields, email);
    checkNewPassword('Password', password, config.passwordMinLength, [profile.FirstName, profile.LastName, email, profile.CompanyName]);
    const passwordHash = await hasher.hash(password);
    try {
      const row = await store.db.transaction().execute(async (trx) => {
        const created = await createAccountWithOwner(trx, services, { email, profile, language: language ?? context.language, passwordHash, emailVerified: false });
        await startSession(context, created.userId, trx);
        return created.account;
      });
      void services.mail.wake();
      return { Account: accountOutput(row) };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // A clash of random IDs is astronomically unlikely; a taken address is the real case.
      throw new ApiError(
        'DuplicateEmail',
        say('An account cannot be created with this email address. If it is yours, sign in or reset your password.', "Impossible de créer un compte avec cette adresse e-mail. Si c'est la vôtre, connectez-vous ou réinitialisez votre mot de passe."),
      );
    }
  },
});

export const signIn = defineCall({
  name: 'SignIn',
  summary: 'Signs in with an email address and a password, and opens a session (cookie).',
  origin: 'tessera',
  auth: ['none', 'session'],
  access: { kind: 'anyone' },
  input: Type.Object({ Email, Password }, { additionalProperties: false }),
  output: NoInput,
  async handler(context) {
    const { input, services } = context;
    const key = loginKey(input.Email);
    // Unknown and invalid addresses are throttled the same way, so that throttling tells nothing.
    const subjects = signInSubjects(key ?? input.Email.trim().toLowerCase(), context.device.ip);
    const verdict = await services.signInGuard.check(subjects);
    const user = key === undefined ? undefined : await findUserByEmailKey(services.store.db, key);
    // Unknown addresses and locked accounts cost one hash verification too, so that timing tells nothing.
    const valid =
      !verdict.locked && user?.password_hash ? await services.hasher.verify(user.password_hash, input.Password) : await services.hasher.verifyNothing(input.Password);
    if (!user || !valid) {
      await services.signInGuard.failed(subjects);
      throw wrongCredentials();
    }
    await services.signInGuard.succeeded(subjects, verdict);
    if (user.disabled_at !== null) throw userDisabled();
    await startSession(context, user.user_id);
    return {};
  },
});

export const signOut = defineCall({
  name: 'SignOut',
  summary: 'Ends the current session.',
  origin: 'tessera',
  auth: ['none', 'session'],
  access: { kind: 'anyone' },
  input: NoInput,
  output: NoInput,
  async handler({ principal, services, cookie }) {
    if (principal?.via === 'session') await services.sessions.end(principal.sessionToken);
    cookie.clear();
    return {};
  },
});
