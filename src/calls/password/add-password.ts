import { Type } from '@sinclair/typebox';
import type { Language } from '../../domain/errors.js';
import { readAccount } from '../../store/accounts.js';
import { findUser } from '../../store/users.js';
import { accountGone, NoInput } from '../pipeline/call-parts.js';
import { mailLink } from '../pipeline/mail-queue.js';
import { firstNameOf } from '../pipeline/people.js';
import { defineCall } from '../pipeline/registry.js';
import { passwordErrors } from './errors.js';

export const sendAddPasswordEmail = defineCall({
  name: 'SendAddPasswordEmail',
  summary:
    'Mails the caller a link to choose a password, for someone who signs in only with a provider (Add password).',
  origin: 'tessera',
  auth: ['session', 'signature'],
  access: { kind: 'self' },
  effect: 'write',
  input: NoInput,
  output: Type.Object({ Email: Type.String({ description: 'Where the link was sent.' }) }),
  async handler({ principal, services, tx }) {
    const user = await findUser(tx.db, principal.userId);
    const account = await readAccount(tx.db, principal.accountId);
    if (!user || !account) throw accountGone();
    if (user.password_hash !== null) throw passwordErrors.AlreadyHasPassword();
    if (user.email === null) throw passwordErrors.NoEmailForPasswordLink();
    await mailLink(tx, services, {
      userId: user.user_id,
      purpose: 'reset-password',
      address: user.email,
      recipient: user.email,
      language: user.language as Language,
      template: 'add-password',
      values: { firstName: firstNameOf(user, account), minutes: services.config.resetLinkMinutes },
      lifetimeMs: services.config.resetLinkMinutes * 60_000,
    });
    return { Email: user.email };
  },
});
