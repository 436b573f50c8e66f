import { Type } from '@sinclair/typebox';
import { signInSubjects } from '../../auth/sign-in-guard.js';
import { ApiError, say } from '../../domain/errors.js';
import { checkNewPassword, normalizePassword } from '../../domain/password-policy.js';
import { readAccount } from '../../store/accounts.js';
import { deleteUserSessions } from '../../store/sessions.js';
import { findUser, setPasswordHash } from '../../store/users.js';
import { accountGone } from '../call-parts.js';
import { defineCall } from '../registry.js';
import { passwordContext, queuePasswordChangedNotice } from './password-changed-notice.js';

const Password = (description: string) => Type.String({ maxLength: 1024, description });

export const updatePassword = defineCall({
  name: 'UpdatePassword',
  summary: 'Changes your password: the current one first, then the new one; optionally signs out every other device.',
  origin: 'tessera',
  auth: ['session', 'signature'],
  access: { kind: 'self' },
  effect: 'write',
  input: Type.Object(
    {
      CurrentPassword: Password('Your current password.'),
      NewPassword: Password('The new password: at least 15 characters, hard to guess.'),
      SignOutOtherDevices: Type.Optional(
        Type.Boolean({ description: 'If true, every other session ends at once and this one gets a new token.' }),
      ),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({}),
  async prepare({ input, principal, services, device }) {
    const { db } = services.store;
    const user = await findUser(db, principal.userId);
    const account = await readAccount(db, principal.accountId);
    if (!user || !account) throw accountGone();
    if (!user.password_hash) {
      throw new ApiError(
        'InvalidParameterValue',
        say(
          'Your account has no password yet: add one from the link sent by "Add password".',
          "Votre compte n'a pas encore de mot de passe : ajoutez-en un avec « Ajouter un mot de passe ».",
        ),
      );
    }
    // A wrong current password is a failed sign-in: it is throttled and counted the same way.
    const subjects = signInSubjects(user.email_key ?? user.user_id, device.ip);
    await services.signInGuard.check(subjects);
    if (!(await services.hasher.verify(user.password_hash, input.CurrentPassword))) {
      await services.signInGuard.failed(subjects);
      throw new ApiError('InvalidPassword', say('CurrentPassword is incorrect.', 'CurrentPassword est incorrect.'));
    }
    if (normalizePassword(input.NewPassword) === normalizePassword(input.CurrentPassword)) {
      throw new ApiError(
        'InvalidPassword',
        say(
          'NewPassword must differ from the current password.',
          'NewPassword doit être différent du mot de passe actuel.',
        ),
      );
    }
    checkNewPassword(
      'NewPassword',
      input.NewPassword,
      services.config.passwordMinLength,
      passwordContext(account, user),
    );
    return { user, account, passwordHash: await services.hasher.hash(input.NewPassword) };
  },
  async handler({ input, principal, services, device, cookie, tx, prepared: { user, account, passwordHash } }) {
    const signOutOthers = input.SignOutOtherDevices === true;
    await setPasswordHash(tx.db, user.user_id, passwordHash);
    if (signOutOthers) {
      // Every session ends, this one included; this device gets a new one at once.
      await deleteUserSessions(tx.db, user.user_id, undefined);
      if (principal.via === 'session') {
        const session = await services.sessions.start(user.user_id, device, tx.db);
        tx.afterCommit(() => cookie.set(session.token, session.expiresAt));
      }
    }
    await queuePasswordChangedNotice(tx, services, user, account, signOutOthers);
    return {};
  },
});
