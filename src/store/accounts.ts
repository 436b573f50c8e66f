import { PostgresAdapter, sql, type Kysely, type Selectable, type Transaction, type Updateable } from 'kysely';
import type { Profile } from '../domain/account-profile.js';
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

/** What a request reads of its account with its credential: every column but the timestamps and the audit chain's head. */
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
] as const satisfies readonly (keyof AccountsTable)[];

/** The account as read with a session or an access key (see Principal.account), with its owner's email. */
export type AccountSnapshot = Pick<AccountRow, (typeof SNAPSHOT_COLUMNS)[number] | 'email'>;

/**
 * The account's columns and its owner's email (`accounts` and `owner` joined) as one JSON object,
 * `account`, for a query that reads a credential to read its account in the same statement: one
 * round trip on every authenticated request, and one field for the driver to describe and parse
 * instead of nineteen (pg does both for every column of every execution). `accountOf` takes it back.
 */
export function accountSelection(db: Kysely<Database>) {
  const pairs = [...SNAPSHOT_COLUMNS, 'email' as const].map(
    (column) => sql`${sql.lit(column)}, ${sql.ref(column === 'email' ? 'owner.email' : `accounts.${column}`)}`,
  );
  const jsonObject = db.getExecutor().adapter instanceof PostgresAdapter ? 'json_build_object' : 'json_object';
  return sql<AccountSnapshot | string>`${sql.raw(jsonObject)}(${sql.join(pairs)})`.as('account');
}

/** The account a row read with accountSelection carries: PostgreSQL's driver parses JSON, SQLite's does not. */
export function accountOf(account: AccountSnapshot | string): AccountSnapshot {
  return typeof account === 'string' ? (JSON.parse(account) as AccountSnapshot) : account;
}

// ReadAccounts is the hottest read of the API.
const accountById = new ReusableQuery<AccountRow, 'accountId'>(['accountId'], (db, p) => accountQuery(db, p.accountId));

/** The account with its owner's email. */
export async function readAccount(db: Kysely<Database>, accountId: string): Promise<AccountRow | undefined> {
  const [row] = await accountById.run(db, { accountId });
  return row;
}

/** The same, locked until the transaction ends: the fields a change checks against each other stay as read. */
export async function lockAccount(tx: WriteTransaction, accountId: string): Promise<AccountRow | undefined> {
  return tx.lock(accountQuery(tx.db, accountId)).executeTakeFirst();
}

export async function insertAccount(
  db: Db,
  accountId: string,
  customerId: string,
  profile: Profile,
  now: number,
): Promise<void> {
  await db
    .insertInto('accounts')
    .values({
      account_id: accountId,
      customer_id: customerId,
      ...columnsOf(profile, Object.keys(PROFILE_COLUMNS) as (keyof Profile)[]),
      first_name: profile.FirstName,
      last_name: profile.LastName,
      additional_emails: JSON.stringify(profile.AdditionalEmails),
      created_at: now,
      updated_at: now,
    })
    .execute();
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
  if (updated) tx.chainHeads.set(row.account_id, { seq: updated.audit_seq, hash: updated.audit_hash });
  return updated;
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
