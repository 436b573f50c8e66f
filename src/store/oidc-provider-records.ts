import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** What oidc-provider keeps of one record; its own fields are its business. */
export interface ProviderPayload {
  accountId?: string;
  grantId?: string;
  uid?: string;
  userCode?: string;
  consumed?: number;
  [field: string]: unknown;
}

// Ids come from requests (a token, a code, a cookie): one with a NUL or of any length is no record's.
const PLAUSIBLE_ID = /^[\w.:~-]{1,512}$/;

function plausible(id: string): boolean {
  return PLAUSIBLE_ID.test(id);
}

/** The models issued under a grant: they go with it (an interaction that names a grant does not). */
const GRANTED = ['AuthorizationCode', 'AccessToken', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest'];

/** Seals and opens payloads (the server's SecretBox): a copy of the database hands out no live token. */
export interface PayloadSealer {
  seal(plaintext: string, label: string): string;
  open(sealed: string, label: string): string;
}

/**
 * What is stored of an id, a uid or a user code: its SHA-256 digest, never the value itself (a
 * code or an opaque token is its own id), so that a copy of the database (a backup) holds none.
 */
export function providerDigest(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** "<model>:<digest of the id>". */
function recordKey(model: string, id: string): string {
  return `${model}:${providerDigest(id)}`;
}

/** What a record's sealed payload is bound to: its model and the digest of its id (its row). */
export function providerRecordLabel(key: string): string {
  return `oidc-provider-record:${key}`;
}

interface StoredRow {
  record_key: string;
  payload: string;
  consumed_at: number | null;
}

function payloadOf(box: PayloadSealer, row: StoredRow | undefined): ProviderPayload | undefined {
  if (!row) return undefined;
  let payload: ProviderPayload;
  try {
    payload = JSON.parse(box.open(row.payload, providerRecordLabel(row.record_key))) as ProviderPayload;
  } catch {
    // A payload that does not open on its row (copied from another, tampered with) is no record.
    return undefined;
  }
  if (row.consumed_at !== null) payload.consumed = Math.floor(row.consumed_at / 1000);
  return payload;
}

/**
 * Keeps a record until `expiresAt`. A record issued under a grant (a code, a token) belongs to the
 * grant's Tessera session, and goes when it ends (the foreign key's cascade); a grant is bound by
 * bindGrant once the interaction gave it.
 */
export async function upsertProviderRecord(
  db: Db,
  box: PayloadSealer,
  model: string,
  id: string,
  payload: ProviderPayload,
  expiresAt: number,
  now: number,
): Promise<void> {
  const key = recordKey(model, id);
  const grantId = GRANTED.includes(model) ? payload.grantId : undefined;
  const values = {
    payload: box.seal(JSON.stringify(payload), providerRecordLabel(key)),
    grant_id: grantId ?? null,
    uid: payload.uid === undefined ? null : providerDigest(payload.uid),
    user_code: payload.userCode === undefined ? null : providerDigest(payload.userCode),
    expires_at: expiresAt,
  };
  await db
    .insertInto('oidc_provider_records')
    .values((eb) => ({
      record_key: key,
      model,
      ...values,
      user_id: payload.accountId ?? null,
      session_id: grantId
        ? eb
            .selectFrom('oidc_provider_records as grant')
            .select('grant.session_id')
            .where('grant.record_key', '=', recordKey('Grant', grantId))
        : null,
      consumed_at: null,
      created_at: now,
    }))
    .onConflict((conflict) => conflict.column('record_key').doUpdateSet(values))
    .execute();
}

export async function findProviderRecord(
  db: Db,
  box: PayloadSealer,
  model: string,
  id: string,
  now: number,
): Promise<ProviderPayload | undefined> {
  if (!plausible(id)) return undefined;
  const row = await db
    .selectFrom('oidc_provider_records')
    .select(['record_key', 'payload', 'consumed_at', 'expires_at'])
    .where('record_key', '=', recordKey(model, id))
    .executeTakeFirst();
  return row && row.expires_at > now ? payloadOf(box, row) : undefined;
}

export async function findProviderRecordBy(
  db: Db,
  box: PayloadSealer,
  model: string,
  column: 'uid' | 'user_code',
  value: string,
  now: number,
): Promise<ProviderPayload | undefined> {
  if (!plausible(value)) return undefined;
  const row = await db
    .selectFrom('oidc_provider_records')
    .select(['record_key', 'payload', 'consumed_at'])
    .where('model', '=', model)
    .where(column, '=', providerDigest(value))
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return payloadOf(box, row);
}

/** When a record (an interaction, by its uid) was first stored, by Tessera's clock; undefined if none. */
export async function providerRecordCreatedAt(db: Db, model: string, id: string): Promise<number | undefined> {
  if (!plausible(id)) return undefined;
  const row = await db
    .selectFrom('oidc_provider_records')
    .select('created_at')
    .where('record_key', '=', recordKey(model, id))
    .executeTakeFirst();
  return row === undefined ? undefined : Number(row.created_at);
}

export async function consumeProviderRecord(db: Db, model: string, id: string, now: number): Promise<void> {
  await db
    .updateTable('oidc_provider_records')
    .set({ consumed_at: now })
    .where('record_key', '=', recordKey(model, id))
    .execute();
}

export async function destroyProviderRecord(db: Db, model: string, id: string): Promise<void> {
  await db.deleteFrom('oidc_provider_records').where('record_key', '=', recordKey(model, id)).execute();
}

/** A grant ends with everything issued under it. */
export async function revokeProviderGrant(db: Db, grantId: string): Promise<void> {
  await db
    .deleteFrom('oidc_provider_records')
    .where((eb) => eb.or([eb('grant_id', '=', grantId), eb('record_key', '=', recordKey('Grant', grantId))]))
    .execute();
}

/**
 * Binds a grant, and whatever was already issued under it, to the Tessera session it was given
 * in and to its user: ending the session ends them.
 */
export async function bindProviderGrant(db: Db, grantId: string, sessionId: string, userId: string): Promise<void> {
  await db
    .updateTable('oidc_provider_records')
    .set({ session_id: sessionId, user_id: userId })
    .where((eb) => eb.or([eb('grant_id', '=', grantId), eb('record_key', '=', recordKey('Grant', grantId))]))
    .execute();
}

/**
 * The same person signed in again in the same browser (a site asked for a fresh sign-in): what the
 * sites were given in the session it replaces goes on with the new one.
 */
export async function moveProviderGrants(db: Db, fromSessionId: string, toSessionId: string): Promise<void> {
  await db
    .updateTable('oidc_provider_records')
    .set({ session_id: toSessionId })
    .where('session_id', '=', fromSessionId)
    .execute();
}

/** Ends everything the OpenID provider issued to a user (a new password). */
export async function endProviderRecordsOf(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('oidc_provider_records').where('user_id', '=', userId).execute();
}

/** When the Tessera session a grant was given in ends at the latest, or undefined if it is gone (or the grant is). */
export async function grantSessionExpiry(db: Db, grantId: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('oidc_provider_records as grant')
    .innerJoin('sessions', 'sessions.session_id', 'grant.session_id')
    .select('sessions.expires_at')
    .where('grant.record_key', '=', recordKey('Grant', grantId))
    .executeTakeFirst();
  return row?.expires_at;
}
