import { type Kysely, type Selectable, type Transaction, type Updateable } from 'kysely';
import type { Profile } from '../domain/account-profile.js';
import { chainHeadOf, EVENT_PARAMETER_NAMES, headAt, insertEventIfWritten, type SealedEvent } from './audit-events.js';
import { jsonObject } from './json-columns.js';
import { ReusableQuery } from './reusable-query.js';
import type { AccountsTable, Database } from './schema.js';
import type { WriteTransaction } from './transaction.js';

type Db = Kysely<Database> | Transaction<Database>;

export type AccountRow = Selectable<AccountsTable> & { email: string };

const PROFILE_COLUMNS = {
  FirstName: 'first_name',
  LastName: 'last_name',
  CompanyName: 'company_name',
  JobTitle: 'job_title',
  PhoneNumber: 'phone_number',
  MobileNumber: 'mobile_number',
  City: 'city',
  ZipCode: 'zip_code',
  StateProvince: 'state_province',
  Country: 'country',
  VatNumber: 'vat_number',
} as const satisfies Record<Exclude<keyof Profile, 'AdditionalEmails'>, keyof AccountsTable>;

export function profileOf(row: AccountSnapshot): Profile {
  const profile: Profile = {
    FirstName: row.first_name,
    LastName: row.last_name,
    AdditionalEmails: JSON.parse(row.additional_emails) as string[],
  };
  for (const [field, column] of Object.entries(PROFILE_COLUMNS)) {
    const value = row[column];
    if (value !== null && field !== 'FirstName' && field !== 'LastName')
      profile[field as keyof typeof PROFILE_COLUMNS] = value;
  }
  return profile;
}

function accountQuery(db: Db, accountId: string) {
  return (
    db
      .selectFrom('accounts')
      .innerJoin('users', (join) =>
        join.onRef('users.account_id', '=', 'accounts.account_id').on('users.is_owner', '=', 1),
      )
      .selectAll('accounts')
      .select('users.email')
      .where('accounts.account_id', '=', accountId)
      // An owner always has an email: it is how the account signs in.
      .$narrowType<{ email: string }>()
  );
}

/**
 * What a request reads of its account with its credential: every column but the timestamps. The
 * audit chain's head is read too, so that a change can chain its event to it and write both in
 * one statement (updateProfileWithEvent).
 */
const SNAPSHOT_COLUMNS = [
  'account_id',
  'customer_id',
  'first_name',
  'last_name',
  'company_name',
  'job_title',
  'phone_number',
  'mobile_number',
  'city',
  'zip_code',
  'state_province',
  'country',
  'vat_number',
  'additional_emails',
  'advanced_security',
  'validation_policy',
  'require_second_factor',
  'version',
  'audit_seq',
  'audit_hash',
  'audit_head_seal',
] as const satisfies readonly (keyof AccountsTable)[];

/** The account as read with a session or an access key (see Principal.account), with its owner's email. */
export type AccountSnapshot = Pick<AccountRow, (typeof SNAPSHOT_COLUMNS)[number] | 'email'>;

/** The account's columns and its owner's email (`accounts` and `owner` joined), for jsonObject. */
export function accountObject(db: Kysely<Database>) {
  const columns = Object.fromEntries(SNAPSHOT_COLUMNS.map((column) => [column, `accounts.${column}`]));
  return jsonObject<AccountSnapshot>(db, { ...columns, email: 'owner.email' });
}

// ReadAccounts is the hottest read of the API.
const accountById = new ReusableQuery<AccountRow, 'accountId'>(['accountId'], (db, p) => accountQuery(db, p.accountId));

/** The account with its owner's email. */
export async function readAccount(db: Kysely<Database>, accountId: string): Promise<AccountRow | undefined> {
  const [row] = await accountById.run(db, { accountId });
  return row;
}

/**
 * The same, locked until the transaction ends: the fields a change checks against each other stay
 * as read. Only the account's row, and as an update of it locks it: locking its owner's row too
 * would take the two in the order opposite to every call that locks a user, then appends to the
 * account's audit chain — each waiting for the other (a deadlock, found by concurrent
 * UpdateAccount and CreateAccessKey).
 */
export async function lockAccount(tx: WriteTransaction, accountId: string): Promise<AccountRow | undefined> {
  return tx.lock(accountQuery(tx.db, accountId), { noKey: true, of: 'accounts' }).executeTakeFirst();
}

/** Inserts the account, unless its AccountId or CustomerId is taken: then it writes nothing and returns false. */
export async function insertAccount(
  db: Db,
  accountId: string,
  customerId: string,
  profile: Profile,
  now: number,
  headSeal: string,
): Promise<boolean> {
  const inserted = await db
    .insertInto('accounts')
    .values({
      account_id: accountId,
      customer_id: customerId,
      // The empty chain is sealed too: an unsealed head is one the server never wrote.
      audit_head_seal: headSeal,
      ...columnsOf(profile, Object.keys(PROFILE_COLUMNS) as (keyof Profile)[]),
      first_name: profile.FirstName,
      last_name: profile.LastName,
      additional_emails: JSON.stringify(profile.AdditionalEmails),
      created_at: now,
      updated_at: now,
    })
    // Only the two ids are unique: a conflict is one of them.
    .onConflict((conflict) => conflict.doNothing())
    .returning('account_id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/**
 * Writes only the named fields of the profile over `row` (concurrent updates of other fields are
 * kept), in one statement, if nobody changed the profile since `row` was read (its version);
 * returns the account as written, or undefined when it changed meanwhile. The row stays locked
 * until the commit, so the head of the audit chain it returns is held too (see lockChainHead).
 */
export async function updateProfileFields(
  tx: WriteTransaction,
  row: AccountSnapshot,
  profile: Profile,
  fields: (keyof Profile)[],
  now: number,
): Promise<AccountRow | undefined> {
  const updated = await tx.db
    .updateTable('accounts')
    .set({ ...columnsOf(profile, fields), updated_at: now, version: row.version + 1 })
    .where('account_id', '=', row.account_id)
    .where('version', '=', row.version)
    .returningAll()
    .returning((eb) =>
      eb
        .selectFrom('users')
        .select('users.email')
        .whereRef('users.account_id', '=', 'accounts.account_id')
        .where('users.is_owner', '=', 1)
        .as('email'),
    )
    .$narrowType<{ email: string }>()
    .executeTakeFirst();
  if (updated) tx.chainHeads.set(row.account_id, chainHeadOf(updated));
  return updated;
}

type ProfileColumn = (typeof PROFILE_COLUMNS)[keyof typeof PROFILE_COLUMNS] | 'additional_emails';
const PROFILE_FIELDS = [...Object.keys(PROFILE_COLUMNS), 'AdditionalEmails'] as (keyof Profile)[];
const PROFILE_COLUMN_NAMES = [...Object.values(PROFILE_COLUMNS), 'additional_emails'] as ProfileColumn[];

// The whole profile is written, as revised from the row read: the version guard makes every field
// not asked for the one read, so one statement, compiled once, serves every change.
const profileAndEvent = new ReusableQuery(
  [...EVENT_PARAMETER_NAMES, ...PROFILE_COLUMN_NAMES, 'version', 'next_version', 'head_seq'],
  (db, p) =>
    db
      .with('written', (db) =>
        db
          .updateTable('accounts')
          .set({
            ...(Object.fromEntries(PROFILE_COLUMN_NAMES.map((column) => [column, p[column]])) as ProfileColumns),
            updated_at: p.at as unknown as number,
            version: p.next_version as unknown as number,
            ...headAt(p),
          })
          .where('account_id', '=', p.account_id)
          .where('version', '=', p.version as unknown as number)
          .where('audit_seq', '=', p.head_seq as unknown as number)
          .returning('account_id'),
      )
      .with('appended', (db) => insertEventIfWritten(db, p))
      .selectFrom('written')
      .select('account_id'),
);

/**
 * Writes `profile` over `row` and appends `event`, the change's audit event, in one statement that
 * is its own transaction (PostgreSQL): no BEGIN, no COMMIT, one round trip. Both happen only if
 * neither the profile (its version) nor the account's audit chain (the head `event` follows) moved
 * since `row` was read; else neither, and it returns false.
 */
export async function updateProfileWithEvent(
  db: Kysely<Database>,
  row: AccountSnapshot,
  profile: Profile,
  event: SealedEvent,
): Promise<boolean> {
  const written = await profileAndEvent.run(db, {
    ...event,
    ...(columnsOf(profile, PROFILE_FIELDS) as Record<ProfileColumn, string | null>),
    version: row.version,
    next_version: row.version + 1,
    head_seq: event.seq - 1,
  });
  return written.length > 0;
}

type ProfileColumns = Omit<Updateable<AccountsTable>, 'account_id' | 'customer_id' | 'created_at' | 'updated_at'>;

function columnsOf(profile: Profile, fields: (keyof Profile)[]): ProfileColumns {
  const columns: Record<string, string | null> = {};
  for (const field of fields) {
    if (field === 'AdditionalEmails') columns.additional_emails = JSON.stringify(profile.AdditionalEmails);
    else columns[PROFILE_COLUMNS[field]] = profile[field] ?? null;
  }
  // Names are never null: the profile rules refuse to clear them.
  return columns as ProfileColumns;
}
