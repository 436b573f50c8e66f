import type { Kysely, Selectable, Transaction, Updateable } from 'kysely';
import { accountOf, accountSelection, type AccountSnapshot } from './accounts.js';
import { ReusableQuery } from './reusable-query.js';
import type { AccessKeysTable, Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export type AccessKeyRow = Selectable<AccessKeysTable>;

/** What verifying a signed request needs, in one query: the key, its owner, its lockout state. */
export interface SigningKeyRow extends AccessKeyRow {
  is_owner: number;
  user_name: string | null;
  rights: string;
  disabled_at: number | null;
  failures: number | null;
  locked_until: number | null;
  /** The key's account as it is: a signed read answers without another query. */
  account: AccountSnapshot;
}

export function accessKeySubject(accessKeyId: string): string {
  return `ak:${accessKeyId}`;
}

const signingKeyById = new ReusableQuery<
  Omit<SigningKeyRow, 'account'> & { account: AccountSnapshot | string },
  'accessKeyId' | 'subject'
>(['accessKeyId', 'subject'], (db, p) =>
  db
    .selectFrom('access_keys')
    .innerJoin('users', 'users.user_id', 'access_keys.user_id')
    .innerJoin('accounts', 'accounts.account_id', 'access_keys.account_id')
    .innerJoin('users as owner', (join) =>
      join.onRef('owner.account_id', '=', 'accounts.account_id').on('owner.is_owner', '=', 1),
    )
    .leftJoin('auth_failures', (join) => join.on('auth_failures.subject', '=', p.subject))
    .selectAll('access_keys')
    .select([
      'users.is_owner',
      'users.user_name',
      'users.rights',
      'users.disabled_at',
      'auth_failures.failures',
      'auth_failures.locked_until',
    ])
    .select(accountSelection(db))
    .where('access_keys.access_key_id', '=', p.accessKeyId),
);

export async function findSigningKey(db: Kysely<Database>, accessKeyId: string): Promise<SigningKeyRow | undefined> {
  const [row] = await signingKeyById.run(db, { accessKeyId, subject: accessKeySubject(accessKeyId) });
  return row && Object.assign(row, { account: accountOf(row.account) });
}

/** A key signed a request now: noted at most once a minute, so that signed reads stay reads. */
export async function noteAccessKeyUse(db: Db, key: AccessKeyRow, now: number): Promise<void> {
  if (key.last_used_at !== null && now - key.last_used_at < 60_000) return;
  await db
    .updateTable('access_keys')
    .set({ last_used_at: now })
    .where('access_key_id', '=', key.access_key_id)
    .execute();
}

export async function listAccessKeys(db: Db, userId: string): Promise<AccessKeyRow[]> {
  return db
    .selectFrom('access_keys')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('access_key_id')
    .execute();
}

export async function countAccessKeys(db: Db, userId: string): Promise<number> {
  const { count } = await db
    .selectFrom('access_keys')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(count);
}

export async function insertAccessKey(db: Db, row: AccessKeyRow): Promise<void> {
  await db.insertInto('access_keys').values(row).execute();
}

export async function findUserAccessKey(
  db: Db,
  userId: string,
  accessKeyId: string,
): Promise<AccessKeyRow | undefined> {
  return db
    .selectFrom('access_keys')
    .selectAll()
    .where('user_id', '=', userId)
    .where('access_key_id', '=', accessKeyId)
    .executeTakeFirst();
}

export async function updateAccessKeyRow(
  db: Db,
  accessKeyId: string,
  changes: Updateable<AccessKeysTable>,
): Promise<void> {
  await db.updateTable('access_keys').set(changes).where('access_key_id', '=', accessKeyId).execute();
}

export async function deleteAccessKeyRow(db: Db, accessKeyId: string): Promise<void> {
  await db.deleteFrom('access_keys').where('access_key_id', '=', accessKeyId).execute();
  await db.deleteFrom('auth_failures').where('subject', '=', accessKeySubject(accessKeyId)).execute();
}

/** Deletes every key of a user, with their failure counts. */
export async function deleteUserAccessKeys(db: Db, userId: string): Promise<void> {
  const keys = await db.selectFrom('access_keys').select('access_key_id').where('user_id', '=', userId).execute();
  for (const key of keys) await deleteAccessKeyRow(db, key.access_key_id);
}
