import { Type } from '@sinclair/typebox';
import { ApiError, say, type Language } from '../domain/errors.js';
import { readAccount } from '../store/accounts.js';
import { deleteUserIdentities, listUserIdentities } from '../store/identities.js';
import { countRecentMails } from '../store/outbox.js';
import { findUser } from '../store/users.js';
import { accountGone, NoInput } from './call-parts.js';
import { requireRecentSignIn } from './email-change.js';
import { mailLink } from './email-links.js';
import { defineCall } from './registry.js';

const AUTH = ['session', 'signature'] as const;
const SET_PASSWORD_MAILS_PER_HOUR = 3;

export const readLogins = defineCall({
  name: 'ReadLogins',
  summary: 'How the caller signs in: whether they have a password, and each sign-in provider with whether it is linked.',
  origin: 'tessera',
  auth: AUTH,
  access: { kind: 'self' },
  input: NoInput,
  output: Type.Object({
    HasPassword: Type.Boolean(),
    Providers: Type.Array(Type.Object({ Id: Type.String(), Name: Type.String(), Linked: Type.Boolean(), Email: Type.Optional(Type.String({ description: 'The address the provider gave at the last sign-in.' })) })),
  }),
  async handler({ principal, services }) {
    const { db } = services.store;
    const user = await findUser(db, principal.userId);
    if (!user) throw accountGone();
    const identities = await listUserIdentities(db, user.user_id);
    return {
      HasPassword: user.password_hash !== null,
      Providers: services.oidc.providers.map((provider) => {
        const identity = identities.find((row) => row.provider_id === provider.id);
        return { Id: provider.id, Name: provider.name, Linked: identity !== undefined, ...(identity?.email ? { Email: identity.email } : {}) };
      }),
    };
  },
});

export const unlinkLogin = defineCall({
  name: 'UnlinkLogin',
  summary: 'Unlinks a sign-in provider from the caller, after a recent sign-in. The last way to sign in can never be removed.',
  origin: 'tessera',
  auth: AUTH,
  access: { kind: 'self' },
  input: Type.Object({ Provider: Type.String({ maxLength: 32 }) }, { additionalProperties: false }),
  output: Type.Object({}),
  async handler({ input, principal, services }) {
    const provider = services.oidc.provider(input.Provider);
    const name = provider?.name ?? input.Provider;
    requireRecentSignIn(principal, services, say(`Unlinking ${name}`, `Délier ${name}`));
    await services.store.db.transaction().execute(async (trx) => {
      const user = await findUser(trx, principal.userId);
      if (!user) throw accountGone();
      const identities = await listUserIdentities(trx, user.user_id);
      const others = identities.filter((row) => row.provider_id !== input.Provider);
      if (others.length === identities.length) {
        throw new ApiError('NoSuchResource', say(`${name} is not linked to you.`, `${name} n'est pas lié à votre compte.`));
      }
      if (user.password_hash === null && others.length === 0) {
        throw new ApiError('InvalidParameterValue', say(`${name} is your only way to sign in: add a password or link another provider first.`, `${name} est votre seul moyen de connexion : ajoutez d'abord un mot de passe ou liez un autre fournisseur.`));
      }
      await deleteUserIdentities(trx, user.user_id, input.Provider);
    });
    return {};
  },
});

export const sendAddPasswordEmail = defineCall({
  name: 'SendAddPasswordEmail',
  summary: "Mails the caller a link to choose a password, for someone who signs in only with a provider (seed 000's Add password).",
  origin: 'tessera',
  auth: AUTH,
  access: { kind: 'self' },
  input: NoInput,
  output: Type.Object({ Email: Type.String({ description: 'Where the link was sent.' }) }),
  async handler({ principal, services }) {
    const { db } = services.store;
    const user = await findUser(db, principal.userId);
    const account = await readAccount(db, principal.accountId);
    if (!user || !account) throw accountGone();
    if (user.password_hash !== null) throw new ApiError('PasswordAlreadySet', say('You already have a password: change it instead.', 'Vous avez déjà un mot de passe : modifiez-le plutôt.'));
    if (user.email === null) throw new ApiError('InvalidParameterValue', say('You have no email address to send the link to.', "Vous n'avez pas d'adresse e-mail où envoyer le lien."));
    const email = user.email;
    const now = services.now();
    await db.transaction().execute(async (trx) => {
      if ((await countRecentMails(trx, email, 'add-password', now - 3_600_000)) >= SET_PASSWORD_MAILS_PER_HOUR) {
        throw new ApiError('Throttled', say('Several links were sent in the last hour: use the latest one, or try again later.', "Plusieurs liens ont été envoyés dans l'heure : utilisez le dernier, ou réessayez plus tard."), 3600);
      }
      await mailLink(trx, services, {
        userId: user.user_id,
        purpose: 'reset-password',
        address: email,
        recipient: email,
        language: user.language as Language,
        template: 'add-password',
        values: { firstName: user.first_name ?? account.first_name, minutes: services.config.resetLinkMinutes },
        lifetimeMs: services.config.resetLinkMinutes * 60_000,
      });
    });
    void services.mail.wake();
    return { Email: email };
  },
});
