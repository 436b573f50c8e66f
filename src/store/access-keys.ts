import type { Kysely, Selectable, Transaction, Updateable } from 'kysely';
import { accountObject, type AccountSnapshot } from './accounts.js';
import { fromJson, jsonObject } from './json-columns.js';
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

const SIGNING_KEY_COLUMNS = {
  access_key_id: 'access_keys.access_key_id',
  user_id: 'access_keys.user_id',
  account_id: 'access_keys.account_id',
  secret_sealed: 'access_keys.secret_sealed',
  state: 'access_keys.state',
  tag: 'access_keys.tag',
  expires_at: 'access_keys.expires_at',
  created_at: 'access_keys.created_at',
  updated_at: 'access_keys.updated_at',
  last_used_at: 'access_keys.last_used_at',
  verified_requests: 'access_keys.verified_requests',
  is_owner: 'users.is_owner',
  user_name: 'users.user_name',
  rights: 'users.rights',
  disabled_at: 'users.disabled_at',
  failures: 'auth_failures.failures',
  locked_until: 'auth_failures.locked_until',
} satisfies Record<Exclude<keyof SigningKeyRow, 'account'>, string>;

// Runs on every signed request: the key, its user, their lockout and account in one statement,
// as one JSON column (see jsonObject).
const signingKeyById = new ReusableQuery<{ key: SigningKeyRow | string }, 'accessKeyId' | 'subject'>(
  ['accessKeyId', 'subject'],
  (db, p) =>
    db
      .selectFrom('access_keys')
      .innerJoin('users', 'users.user_id', 'access_keys.user_id')
      .innerJoin('accounts', 'accounts.account_id', 'access_keys.account_id')
      .innerJoin('users as owner', (join) =>
        join.onRef('owner.account_id', '=', 'accounts.account_id').on('owner.is_owner', '=', 1),
      )
      .leftJoin('auth_failures', (join) => join.on('auth_failures.subject', '=', p.subject))
      .select(jsonObject<SigningKeyRow>(db, { ...SIGNING_KEY_COLUMNS, account: accountObject(db) }).as('key'))
      .where('access_keys.access_key_id', '=', p.accessKeyId),
);

export async function findSigningKey(db: Kysely<Database>, accessKeyId: string): Promise<SigningKeyRow | undefined> {
  const [row] = await signingKeyById.run(db, { accessKeyId, subject: accessKeySubject(accessKeyId) });
  return row && fromJson(row.key);
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

/** Adds requests signed with a key that were verified for other services (VerifyRequest), counted in memory. */
export async function addVerifiedRequests(db: Db, accessKeyId: string, count: number): Promise<void> {
  await db
    .updateTable('access_keys')
    .set((eb) => ({ verified_requests: eb('verified_requests', '+', count) }))
    .where('access_key_id', '=', accessKeyId)
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
