import { Type } from '@sinclair/typebox';
import { ApiError, say, type Language } from '../../domain/errors.js';
import { readAccount } from '../../store/accounts.js';
import { countRecentMails } from '../../store/outbox.js';
import { findUser } from '../../store/users.js';
import { accountGone, NoInput } from '../call-parts.js';
import { mailLink } from '../mail-queue.js';
import { defineCall } from '../registry.js';

const SET_PASSWORD_MAILS_PER_HOUR = 3;

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
    if (user.password_hash !== null)
      throw new ApiError(
        'PasswordAlreadySet',
        say('You already have a password: change it instead.', 'Vous avez déjà un mot de passe : modifiez-le plutôt.'),
      );
    if (user.email === null)
      throw new ApiError(
        'InvalidParameterValue',
        say('You have no email address to send the link to.', "Vous n'avez pas d'adresse e-mail où envoyer le lien."),
      );
    if (
      (await countRecentMails(tx.db, user.email, 'add-password', services.now() - 3_600_000)) >=
      SET_PASSWORD_MAILS_PER_HOUR
    ) {
      throw new ApiError(
        'Throttled',
        say(
          'Several links were sent in the last hour: use the latest one, or try again later.',
          "Plusieurs liens ont été envoyés dans l'heure : utilisez le dernier, ou réessayez plus tard.",
        ),
        3600,
      );
    }
    await mailLink(tx, services, {
      userId: user.user_id,
      purpose: 'reset-password',
      address: user.email,
      recipient: user.email,
      language: user.language as Language,
      template: 'add-password',
      values: { firstName: user.first_name ?? account.first_name, minutes: services.config.resetLinkMinutes },
      lifetimeMs: services.config.resetLinkMinutes * 60_000,
    });
    return { Email: user.email };
  },
});
