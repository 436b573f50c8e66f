import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, PasskeysTable, WebauthnChallengesTable } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;
export type PasskeyRow = Selectable<PasskeysTable>;

export async function userPasskeys(db: Db, userId: string): Promise<PasskeyRow[]> {
  return db.selectFrom('passkeys').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();
}

export async function findPasskey(db: Db, credentialId: string): Promise<PasskeyRow | undefined> {
  return db.selectFrom('passkeys').selectAll().where('credential_id', '=', credentialId).executeTakeFirst();
}

export async function insertPasskey(db: Db, row: PasskeyRow): Promise<void> {
  await db.insertInto('passkeys').values(row).execute();
}

export async function deletePasskey(db: Db, userId: string, credentialId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('passkeys')
    .where('user_id', '=', userId)
    .where('credential_id', '=', credentialId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Records a use: the new counter only if nobody recorded another use since the one read (no replay race). */
export async function notePasskeyUse(
  db: Db,
  row: PasskeyRow,
  use: { counter: number; backedUp: boolean; at: number },
): Promise<boolean> {
  const result = await db
    .updateTable('passkeys')
    .set({ counter: use.counter, backed_up: use.backedUp ? 1 : 0, last_used_at: use.at })
    .where('credential_id', '=', row.credential_id)
    .where('counter', '=', row.counter)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function saveWebauthnChallenge(db: Db, row: Selectable<WebauthnChallengesTable>): Promise<void> {
  await db.insertInto('webauthn_challenges').values(row).execute();
}

/** Takes a challenge once, if it is for this purpose (and user) and still alive. */
export async function takeWebauthnChallenge(
  db: Db,
  challenge: string,
  purpose: 'register' | 'sign-in',
  now: number,
  userId?: string,
): Promise<boolean> {
  let query = db
    .deleteFrom('webauthn_challenges')
    .where('challenge', '=', challenge)
    .where('purpose', '=', purpose)
    .where('expires_at', '>', now);
  if (userId !== undefined) query = query.where('user_id', '=', userId);
  const result = await query.executeTakeFirst();
  return result.numDeletedRows > 0n;
}
