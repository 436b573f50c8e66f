import type { Kysely, Selectable, Transaction } from 'kysely';
import { accountObject, type AccountSnapshot } from './accounts.js';
import { fromJson, jsonObject } from './json-columns.js';
import { ReusableQuery } from './reusable-query.js';
import type { Database, SessionsTable } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export type SessionRow = Selectable<SessionsTable>;

/** A live session, with what authorization needs to know of its user, and their account as it is. */
export interface SessionWithUser extends Pick<
  SessionRow,
  'session_id' | 'user_id' | 'last_seen_at' | 'expires_at' | 'authenticated_at' | 'must_enrol'
> {
  account_id: string;
  is_owner: number;
  user_name: string | null;
  rights: string;
  account: AccountSnapshot;
}

export async function insertSession(db: Db, session: SessionRow): Promise<void> {
  await db.insertInto('sessions').values(session).execute();
}

const SESSION_COLUMNS = {
  session_id: 'sessions.session_id',
  user_id: 'sessions.user_id',
  last_seen_at: 'sessions.last_seen_at',
  expires_at: 'sessions.expires_at',
  authenticated_at: 'sessions.authenticated_at',
  must_enrol: 'sessions.must_enrol',
  account_id: 'users.account_id',
  is_owner: 'users.is_owner',
  user_name: 'users.user_name',
  rights: 'users.rights',
} satisfies Record<Exclude<keyof SessionWithUser, 'account'>, string>;

// Runs on every authenticated request: the session, its user and their account in one statement,
// as one JSON column (see jsonObject), with only what a request needs.
const sessionByToken = new ReusableQuery<{ session: SessionWithUser | string }, 'tokenHash'>(['tokenHash'], (db, p) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.user_id', 'sessions.user_id')
    .innerJoin('accounts', 'accounts.account_id', 'users.account_id')
    .innerJoin('users as owner', (join) =>
      join.onRef('owner.account_id', '=', 'accounts.account_id').on('owner.is_owner', '=', 1),
    )
    .select(jsonObject<SessionWithUser>(db, { ...SESSION_COLUMNS, account: accountObject(db) }).as('session'))
    .where('sessions.token_hash', '=', p.tokenHash)
    // Disabling a user ends their sessions; this holds even against a session read in between.
    .where('users.disabled_at', 'is', null),
);

export async function findSession(db: Kysely<Database>, tokenHash: string): Promise<SessionWithUser | undefined> {
  const [row] = await sessionByToken.run(db, { tokenHash });
  return row && fromJson(row.session);
}

export async function touchSession(db: Db, tokenHash: string, now: number): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('token_hash', '=', tokenHash).execute();
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

/** Ends every session of a user but one (pass undefined to end them all). */
export async function deleteUserSessions(db: Db, userId: string, exceptSessionId: string | undefined): Promise<void> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptSessionId !== undefined) query = query.where('session_id', '!=', exceptSessionId);
  await query.execute();
}

export async function listUserSessions(db: Db, userId: string): Promise<SessionRow[]> {
  return db.selectFrom('sessions').selectAll().where('user_id', '=', userId).orderBy('last_seen_at', 'desc').execute();
}

/** Ends one of a user's sessions by its public id; false when the user has no such session. */
export async function deleteUserSession(db: Db, userId: string, sessionId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('sessions')
    .where('user_id', '=', userId)
    .where('session_id', '=', sessionId)
    .executeTakeFirst();
  return result.numDeletedRows === 1n;
}

/** A fresh proof of identity in this session (a re-authentication at an OpenID provider). */
export async function setSessionAuthenticatedAt(
  db: Db,
  sessionId: string,
  authenticatedAt: number,
  secondFactor = false,
): Promise<void> {
  await db
    .updateTable('sessions')
    .set(
      secondFactor
        ? { authenticated_at: authenticatedAt, second_factor_at: authenticatedAt }
        : { authenticated_at: authenticatedAt },
    )
    .where('session_id', '=', sessionId)
    .execute();
}

/** How the person proved who they are in a session: when, and when with a second factor. */
export async function sessionProof(
  db: Db,
  sessionId: string,
): Promise<Pick<SessionRow, 'authenticated_at' | 'second_factor_at'> | undefined> {
  return db
    .selectFrom('sessions')
    .select(['authenticated_at', 'second_factor_at'])
    .where('session_id', '=', sessionId)
    .executeTakeFirst();
}
