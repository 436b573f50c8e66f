import { Type, type Static } from '@sinclair/typebox';
import type { Kysely, Transaction } from 'kysely';
import { readAccount, type AccountRow } from '../../store/accounts.js';
import { accountUsers } from '../../store/operations.js';
import type { Database } from '../../store/schema.js';
import type { UserRow } from '../../store/users.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A person as an operation shows them to a validator: who they are, not a bare name. */
export const PersonSchema = Type.Object(
  {
    UserName: Type.String({ description: 'Their UserName, or "owner".' }),
    DisplayName: Type.String({ description: 'First and last name; the UserName when they have none.' }),
    Email: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type Person = Static<typeof PersonSchema>;

/** The people of an account by user id, as operations show them. */
export type People = ReadonlyMap<string, Person>;

/** How a sentence names a person: "Alice Martin (alice)", or their UserName alone. */
export function personLabel(person: Person | undefined): string {
  if (!person) return '';
  return person.DisplayName === person.UserName ? person.UserName : `${person.DisplayName} (${person.UserName})`;
}

/** How operations name a person: their UserName, or "owner". */
export function personName(user: Pick<UserRow, 'is_owner' | 'user_name'> | undefined): string {
  return !user || user.is_owner === 1 ? 'owner' : (user.user_name ?? '');
}

/** The account's people by id, as operations show them. */
export async function userNames(tx: { db: Db }, accountId: string): Promise<People> {
  return namesOf(await accountUsers(tx.db, accountId), await readAccount(tx.db, accountId));
}

export function namesOf(users: readonly UserRow[], account: AccountRow | undefined): People {
  return new Map(
    users.map((user): [string, Person] => {
      // The owner's names are the account's.
      const [first, last] =
        user.is_owner === 1 ? [account?.first_name, account?.last_name] : [user.first_name, user.last_name];
      const userName = personName(user);
      const displayName = [first, last].filter(Boolean).join(' ') || userName;
      return [
        user.user_id,
        { UserName: userName, DisplayName: displayName, ...(user.email ? { Email: user.email } : {}) },
      ];
    }),
  );
}

export function firstNameOf(user: UserRow, account: AccountRow): string {
  return (user.is_owner === 1 ? account.first_name : user.first_name) ?? user.user_name ?? '';
}
