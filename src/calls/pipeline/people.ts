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

/**
 * A person's names, from one place for owners and users alike: the owner's are the account's,
 * a user's are their own (never the owner's, even when they have none).
 */
export function personalNames(
  user: Pick<UserRow, 'is_owner' | 'first_name' | 'last_name'>,
  account: Pick<AccountRow, 'first_name' | 'last_name'> | undefined,
): { firstName: string | null; lastName: string | null } {
  return user.is_owner === 1
    ? { firstName: account?.first_name ?? null, lastName: account?.last_name ?? null }
    : { firstName: user.first_name, lastName: user.last_name };
}

export function namesOf(users: readonly UserRow[], account: AccountRow | undefined): People {
  return new Map(
    users.map((user): [string, Person] => {
      const { firstName, lastName } = personalNames(user, account);
      const userName = personName(user);
      const displayName = [firstName, lastName].filter(Boolean).join(' ') || userName;
      return [
        user.user_id,
        { UserName: userName, DisplayName: displayName, ...(user.email ? { Email: user.email } : {}) },
      ];
    }),
  );
}

/** How a mail greets a person: their first name, else their UserName. */
export function firstNameOf(
  user: Pick<UserRow, 'is_owner' | 'first_name' | 'last_name' | 'user_name'>,
  account: Pick<AccountRow, 'first_name' | 'last_name'> | undefined,
): string {
  return personalNames(user, account).firstName ?? user.user_name ?? '';
}
