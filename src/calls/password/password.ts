import { Type } from '@sinclair/typebox';
import { checkNewPassword, normalizePassword } from '../../domain/password-policy.js';
import { readAccount } from '../../store/accounts.js';
import { deleteUserSessions } from '../../store/sessions.js';
import { findUser, lockUser, setPasswordHash } from '../../store/users.js';
import { passwordContext, queuePasswordChangedNotice } from '../flows/password-changed-notice.js';
import { accountGone } from '../pipeline/call-parts.js';
import { verifyCurrentPassword } from '../pipeline/reauthentication.js';
import { defineCall } from '../pipeline/registry.js';
import { passwordErrors } from './errors.js';

const Password = (description: string) => Type.String({ maxLength: 1024, description });

export const updatePassword = defineCall({
  name: 'UpdatePassword',
  summary: 'Changes your password: the current one first, then the new one; optionally signs out every other device.',
  origin: 'tessera',
  auth: ['session', 'signature'],
  access: { kind: 'self' },
  sensitive: {},
  effect: 'write',
  input: Type.Object(
    {
      CurrentPassword: Password('Your current password.'),
      NewPassword: Password(
        'The new password: at least TESSERA_PASSWORD_MIN_LENGTH characters (15 by default), hard to guess.',
      ),
      SignOutOtherDevices: Type.Optional(
        Type.Boolean({ description: 'If true, every other session ends at once and this one gets a new token.' }),
      ),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({}),
  async prepare(context) {
    const { input, principal, services } = context;
    const { db } = services.store;
    const user = await findUser(db, principal.userId);
    const account = await readAccount(db, principal.accountId);
    if (!user || !account) throw accountGone();
    if (!user.password_hash) {
      throw passwordErrors.NoPasswordYet();
    }
    await verifyCurrentPassword(context, user, input.CurrentPassword);
    if (normalizePassword(input.NewPassword) === normalizePassword(input.CurrentPassword)) {
      throw passwordErrors.NewPasswordSameAsCurrent();
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
    // Two changes proved with the same password race: the first to commit wins (ATK-68).
    const current = await lockUser(tx, user.user_id);
    if (current?.password_hash !== user.password_hash) throw passwordErrors.CurrentPasswordChangedMeanwhile();
    await setPasswordHash(tx.db, user.user_id, passwordHash, services.now());
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
