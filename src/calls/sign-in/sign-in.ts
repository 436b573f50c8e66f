import { Type } from '@sinclair/typebox';
import { signInSubjects } from '../../auth/sign-in-guard.js';
import { loginKey } from '../../domain/email-address.js';
import { changesOf } from '../../domain/operations.js';
import { secondFactorsOf } from '../../store/second-factors.js';
import { awaitsConfirmation, findUserByEmailKey } from '../../store/users.js';
import { startSecondStep } from '../flows/second-step.js';
import { lockIfFactorRequired, startSession } from '../flows/session-start.js';
import { actingUser, recordSoon, triedEmail } from '../pipeline/audit-writer.js';
import { NoInput, userDisabled, Email, Password } from '../pipeline/call-parts.js';
import { defineCall } from '../pipeline/registry.js';
import { signInErrors } from './errors.js';

export const signIn = defineCall({
  name: 'SignIn',
  summary: 'Signs in with an email address and a password, and opens a session (cookie).',
  origin: 'tessera',
  auth: ['none', 'session'],
  browserOnly: true,
  access: { kind: 'anyone' },
  effect: 'write',
  input: Type.Object({ Email, Password }, { additionalProperties: false }),
  output: Type.Object({
    SecondFactorChallenge: Type.Optional(
      Type.String({
        description:
          'The password was right and the user has a second factor: no session yet; send this to CompleteSignIn with a code.',
      }),
    ),
    SecondFactors: Type.Optional(
      Type.Array(Type.Union([Type.Literal('Totp'), Type.Literal('Passkey')]), {
        description: 'What the second step can take (recovery codes always, with an app).',
      }),
    ),
  }),
  async prepare({ input, services, device, principal }) {
    const key = loginKey(input.Email);
    // Unknown and invalid addresses are throttled the same way, so that throttling tells nothing.
    const subjects = signInSubjects(key ?? input.Email.trim().toLowerCase(), device.ip);
    const verdict = await services.signInGuard.check(subjects);
    const user = key === undefined ? undefined : await findUserByEmailKey(services.store.db, key);
    // Unknown addresses and locked accounts cost one hash verification too, so that timing tells nothing.
    const valid =
      !verdict.locked && user?.password_hash
        ? await services.hasher.verify(user.password_hash, input.Password)
        : await services.hasher.verifyNothing(input.Password);
    // Before its address is confirmed an account cannot be signed in to, and says so in the same
    // words as a wrong password: otherwise SignIn would tell which sign-ups found a free address.
    if (!user || !valid || awaitsConfirmation(user)) {
      await services.signInGuard.failed(subjects);
      if (user)
        recordSoon(
          services,
          { principal, device },
          {
            accountId: user.account_id,
            action: 'SignIn',
            changes: [triedEmail(input.Email)],
            outcome: 'refused',
            reason: verdict.locked ? 'LockedOut' : 'WrongPassword',
            actor: { userId: user.user_id, accountId: user.account_id, interface: 'console', name: 'anonymous' },
          },
        );
      throw signInErrors.WrongEmailOrPassword();
    }
    await services.signInGuard.succeeded(subjects, verdict);
    if (user.disabled_at !== null) throw userDisabled();
    return { user };
  },
  async handler(context) {
    const { user } = context.prepared;
    context.event.actor = actingUser(user);
    await lockIfFactorRequired(context.tx, context.services, user);
    const factors = await secondFactorsOf(context.tx.db, user.user_id);
    if (factors.length > 0) {
      context.event.changes = [...changesOf(context.input), { Field: 'SecondStep', NewValue: 'awaited' }];
      return {
        SecondFactorChallenge: await startSecondStep(context.tx, context.services, user.user_id),
        SecondFactors: factors,
      };
    }
    await startSession(context, context.tx, user);
    return {};
  },
});

export const signOut = defineCall({
  name: 'SignOut',
  summary: 'Ends the current session.',
  origin: 'tessera',
  auth: ['none', 'session'],
  browserOnly: true,
  access: { kind: 'anyone' },
  effect: 'write',
  input: NoInput,
  output: NoInput,
  async handler({ principal, services, cookie, tx }) {
    if (principal?.via === 'session') await services.sessions.end(principal.sessionToken, tx.db);
    cookie.clear();
    return {};
  },
});
