import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, IdentitiesTable, OidcFlowsTable } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export type IdentityRow = Selectable<IdentitiesTable>;
export type OidcFlowRow = Selectable<OidcFlowsTable>;

export async function findIdentity(db: Db, issuer: string, subject: string): Promise<IdentityRow | undefined> {
  return db
    .selectFrom('identities')
    .selectAll()
    .where('issuer', '=', issuer)
    .where('subject', '=', subject)
    .executeTakeFirst();
}

export async function listUserIdentities(db: Db, userId: string): Promise<IdentityRow[]> {
  return db.selectFrom('identities').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();
}

export async function insertIdentity(db: Db, row: IdentityRow): Promise<void> {
  await db.insertInto('identities').values(row).execute();
}

export async function updateIdentityEmail(
  db: Db,
  issuer: string,
  subject: string,
  email: string | null,
): Promise<void> {
  await db
    .updateTable('identities')
    .set({ email })
    .where('issuer', '=', issuer)
    .where('subject', '=', subject)
    .execute();
}

export async function deleteUserIdentities(db: Db, userId: string, providerId: string): Promise<number> {
  const result = await db
    .deleteFrom('identities')
    .where('user_id', '=', userId)
    .where('provider_id', '=', providerId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Unlinks every provider identity of a user. */
export async function deleteAllUserIdentities(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('identities').where('user_id', '=', userId).execute();
}

export async function insertOidcFlow(db: Db, row: OidcFlowRow, now: number): Promise<void> {
  // Abandoned flows are swept as new ones start.
  await db.deleteFrom('oidc_flows').where('expires_at', '<=', now).execute();
  await db.insertInto('oidc_flows').values(row).execute();
}

/** Takes a flow once: a second callback with the same state finds nothing. */
export async function takeOidcFlow(db: Db, stateHash: string): Promise<OidcFlowRow | undefined> {
  const row = await db.selectFrom('oidc_flows').selectAll().where('state_hash', '=', stateHash).executeTakeFirst();
  if (!row) return undefined;
  const taken = await db.deleteFrom('oidc_flows').where('state_hash', '=', stateHash).executeTakeFirst();
  return taken.numDeletedRows === 1n ? row : undefined;
}
