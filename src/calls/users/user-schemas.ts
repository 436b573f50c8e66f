import { Type, type Static } from '@sinclair/typebox';
import { formatOapiDate } from '../../domain/oapi-dates.js';
import type { UserRow } from '../../store/users.js';

export const UserName = Type.String({
  maxLength: 64,
  description: "The user's name in the account: 1 to 64 letters, digits and + = , . @ - _.",
});
export const Path = Type.String({
  maxLength: 512,
  description: 'A path that groups users: begins and ends with "/". Default "/".',
});
export const UserEmail = Type.String({
  maxLength: 256,
  description: "The user's email address: their login, and where the invitation is sent.",
});
export const RightNames = Type.Array(Type.String({ maxLength: 64 }), {
  maxItems: 64,
  description: 'Names of rights, as ReadRights lists them.',
});

/** OAPI's User object, exactly. */
export const User = Type.Object(
  {
    CreationDate: Type.String(),
    LastModificationDate: Type.String(),
    Path: Type.String(),
    UserEmail: Type.Optional(Type.String()),
    UserId: Type.String(),
    UserName: Type.String(),
  },
  { additionalProperties: false },
);

/** Tessera's fuller view of a user: the Modify window's fields, and the rights. */
export const UserDetails = Type.Object(
  {
    UserId: Type.String(),
    UserName: Type.Optional(Type.String({ description: 'Absent for the account owner.' })),
    IsOwner: Type.Boolean({ description: 'The owner holds every right and cannot be disabled or deleted.' }),
    Email: Type.Optional(Type.String()),
    EmailConfirmed: Type.Boolean(),
    FirstName: Type.Optional(Type.String()),
    LastName: Type.Optional(Type.String()),
    PhoneNumber: Type.Optional(Type.String({ description: 'E.164.' })),
    Rights: Type.Array(Type.String()),
    Enabled: Type.Boolean(),
    InvitationPending: Type.Boolean({
      description: 'An invitation was sent and the user has not chosen a password yet.',
    }),
    SecondFactors: Type.Optional(
      Type.Array(Type.Union([Type.Literal('Totp'), Type.Literal('Passkey')]), {
        description: 'In ReadUserDetails: the second factors the user has (an authenticator app, passkeys).',
      }),
    ),
    Language: Type.Union([Type.Literal('en'), Type.Literal('fr')], {
      description: 'The language of the console and of mails to the user (UpdateLanguage).',
    }),
  },
  { additionalProperties: false },
);

export type UserDetailsOutput = Static<typeof UserDetails>;

export function userOutput(row: UserRow): Static<typeof User> {
  return {
    CreationDate: formatOapiDate(row.created_at),
    LastModificationDate: formatOapiDate(row.updated_at),
    Path: row.path,
    ...(row.email !== null ? { UserEmail: row.email } : {}),
    UserId: row.user_id,
    UserName: row.user_name ?? '',
  };
}

export function userDetailsOutput(row: UserRow, rights: readonly string[]): UserDetailsOutput {
  return {
    UserId: row.user_id,
    ...(row.user_name !== null ? { UserName: row.user_name } : {}),
    IsOwner: row.is_owner === 1,
    ...(row.email !== null ? { Email: row.email } : {}),
    EmailConfirmed: row.email_confirmed_at !== null,
    ...(row.first_name !== null ? { FirstName: row.first_name } : {}),
    ...(row.last_name !== null ? { LastName: row.last_name } : {}),
    ...(row.phone_number !== null ? { PhoneNumber: row.phone_number } : {}),
    Rights: [...rights],
    Enabled: row.disabled_at === null,
    InvitationPending: row.is_owner === 0 && row.email !== null && row.password_hash === null,
    Language: row.language === 'fr' ? 'fr' : 'en',
  };
}
