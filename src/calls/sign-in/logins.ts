import { Type } from '@sinclair/typebox';
import { say } from '../../domain/errors.js';
import { deleteUserIdentities, listUserIdentities } from '../../store/identities.js';
import { findUser } from '../../store/users.js';
import { accountGone, NoInput } from '../pipeline/call-parts.js';
import { defineCall } from '../pipeline/registry.js';
import { signInErrors } from './errors.js';

const AUTH = ['session', 'signature'] as const;

export const readLogins = defineCall({
  name: 'ReadLogins',
  summary:
    'How the caller signs in: whether they have a password, and each sign-in provider with whether it is linked.',
  origin: 'tessera',
  auth: AUTH,
  duringEnrolment: true,
  access: { kind: 'self' },
  effect: 'read',
  input: NoInput,
  output: Type.Object({
    HasPassword: Type.Boolean(),
    Providers: Type.Array(
      Type.Object({
        Id: Type.String(),
        Name: Type.String(),
        Linked: Type.Boolean(),
        Email: Type.Optional(Type.String({ description: 'The address the provider gave at the last sign-in.' })),
      }),
    ),
  }),
  async handler({ principal, services, db }) {
    const user = await findUser(db, principal.userId);
    if (!user) throw accountGone();
    const identities = await listUserIdentities(db, user.user_id);
    return {
      HasPassword: user.password_hash !== null,
      Providers: services.oidc.providers.map((provider) => {
        const identity = identities.find((row) => row.provider_id === provider.id);
        return {
          Id: provider.id,
          Name: provider.name,
          Linked: identity !== undefined,
          ...(identity?.email ? { Email: identity.email } : {}),
        };
      }),
    };
  },
});

export const unlinkLogin = defineCall({
  name: 'UnlinkLogin',
  summary:
    'Unlinks a sign-in provider from the caller, after a recent sign-in. The last way to sign in can never be removed.',
  origin: 'tessera',
  auth: AUTH,
  access: { kind: 'self' },
  sensitive: {},
  effect: 'write',
  input: Type.Object({ Provider: Type.String({ maxLength: 32 }) }, { additionalProperties: false }),
  output: Type.Object({}),
  freshness: {
    proof: 'recent-sign-in',
    what: ({ Provider }, services) =>
      say(`Unlinking ${services.oidc.nameOf(Provider)}`, `Délier ${services.oidc.nameOf(Provider)}`),
  },
  async handler({ input, principal, services, tx }) {
    const name = services.oidc.nameOf(input.Provider);
    const user = await findUser(tx.db, principal.userId);
    if (!user) throw accountGone();
    const identities = await listUserIdentities(tx.db, user.user_id);
    const others = identities.filter((row) => row.provider_id !== input.Provider);
    if (others.length === identities.length) {
      throw signInErrors.ProviderNotLinked({ ProviderName: name });
    }
    if (user.password_hash === null && others.length === 0) {
      throw signInErrors.OnlyWayToSignIn({ ProviderName: name });
    }
    await deleteUserIdentities(tx.db, user.user_id, input.Provider);
    return {};
  },
});
