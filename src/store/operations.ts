import type { Kysely, Selectable, Transaction } from 'kysely';
import type { ValidationPolicy } from '../domain/operations.js';
import type { Database, OperationsTable, OperationState } from './schema.js';
import type { WriteTransaction } from './transaction.js';

type Db = Kysely<Database> | Transaction<Database>;

export type OperationRow = Selectable<OperationsTable>;

export async function insertOperation(
  db: Db,
  row: Omit<OperationRow, 'wrong_tries' | 'failure' | 'decided_by' | 'decided_at' | 'result_sealed'>,
  tokens: { validatorId: string; tokenHash: string }[],
): Promise<void> {
  await db
    .insertInto('operations')
    .values({ ...row, failure: null, decided_by: null, decided_at: null })
    .execute();
  if (tokens.length > 0)
    await db
      .insertInto('operation_tokens')
      .values(
        tokens.map((token) => ({
          operation_id: row.operation_id,
          validator_id: token.validatorId,
          token_hash: token.tokenHash,
        })),
      )
      .execute();
}

export async function findOperation(db: Db, accountId: string, operationId: string): Promise<OperationRow | undefined> {
  return db
    .selectFrom('operations')
    .selectAll()
    .where('operation_id', '=', operationId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
}

/** The operation, locked until the commit: two validators at once decide it once. */
export async function lockOperation(tx: WriteTransaction, operationId: string): Promise<OperationRow | undefined> {
  return tx.lock(tx.db.selectFrom('operations').selectAll().where('operation_id', '=', operationId)).executeTakeFirst();
}

export async function listOperations(
  db: Db,
  accountId: string,
  filter: { requesterId?: string; kind?: 'call' | 'platform'; since: number },
): Promise<OperationRow[]> {
  let query = db
    .selectFrom('operations')
    .selectAll()
    .where('account_id', '=', accountId)
    .where((eb) => eb.or([eb('state', '=', 'pending'), eb('created_at', '>=', filter.since)]));
  if (filter.requesterId) query = query.where('requester_id', '=', filter.requesterId);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  return query.orderBy('created_at', 'desc').orderBy('operation_id').limit(200).execute();
}

/** Ends a pending operation; false when it was no longer pending (decided meanwhile). */
export async function decideOperation(
  db: Db,
  operationId: string,
  decision: { state: Exclude<OperationState, 'pending'>; by: string | null; at: number; failure?: string },
): Promise<boolean> {
  const result = await db
    .updateTable('operations')
    .set({ state: decision.state, decided_by: decision.by, decided_at: decision.at, failure: decision.failure ?? null })
    .where('operation_id', '=', operationId)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Keeps what the validated call answered, sealed, for its requester. */
export async function keepOperationResult(db: Db, operationId: string, sealed: string): Promise<void> {
  await db.updateTable('operations').set({ result_sealed: sealed }).where('operation_id', '=', operationId).execute();
}

/** Takes the kept result once: the requester's, wiped as it is read; undefined if there is none (or no longer). */
export async function takeOperationResult(
  db: Db,
  operationId: string,
  requesterId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('operations')
    .select('result_sealed')
    .where('operation_id', '=', operationId)
    .where('requester_id', '=', requesterId)
    .executeTakeFirst();
  if (!row?.result_sealed) return undefined;
  const taken = await db
    .updateTable('operations')
    .set({ result_sealed: null })
    .where('operation_id', '=', operationId)
    .where('result_sealed', '=', row.result_sealed)
    .executeTakeFirst();
  return taken.numUpdatedRows === 1n ? row.result_sealed : undefined;
}

/**
 * Counts a try of a token before it is compared, in one statement: of any number of concurrent
 * tries, at most `maxTries` are ever compared. Returns the tries made with this one, or
 * undefined when the operation is no longer pending or has no try left.
 */
export async function claimTokenTry(db: Db, operationId: string, maxTries: number): Promise<number | undefined> {
  const row = await db
    .updateTable('operations')
    .set((eb) => ({ wrong_tries: eb('wrong_tries', '+', 1) }))
    .where('operation_id', '=', operationId)
    .where('state', '=', 'pending')
    .where('wrong_tries', '<', maxTries)
    .returning('wrong_tries')
    .executeTakeFirst();
  return row?.wrong_tries;
}

export async function findOperationToken(
  db: Db,
  operationId: string,
  validatorId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('operation_tokens')
    .select('token_hash')
    .where('operation_id', '=', operationId)
    .where('validator_id', '=', validatorId)
    .executeTakeFirst();
  return row?.token_hash;
}

/** Which of these operations a token was mailed to `validatorId` for. */
export async function operationsWithTokenOf(
  db: Db,
  validatorId: string,
  operationIds: readonly string[],
): Promise<Set<string>> {
  if (operationIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('operation_tokens')
    .select('operation_id')
    .where('validator_id', '=', validatorId)
    .where('operation_id', 'in', operationIds)
    .execute();
  return new Set(rows.map((row) => row.operation_id));
}

/** Pending operations past their date, a bounded batch: any instance ends them. */
export async function expiredOperations(db: Db, now: number, limit = 100): Promise<OperationRow[]> {
  return db
    .selectFrom('operations')
    .selectAll()
    .where('state', '=', 'pending')
    .where('expires_at', '<=', now)
    .limit(limit)
    .execute();
}

export async function setAccountSecurity(
  db: Db,
  accountId: string,
  settings: { advancedSecurity: boolean; policy: ValidationPolicy; requireSecondFactor: boolean },
  now: number,
): Promise<void> {
  await db
    .updateTable('accounts')
    .set({
      advanced_security: settings.advancedSecurity ? 1 : 0,
      validation_policy: settings.policy,
      require_second_factor: settings.requireSecondFactor ? 1 : 0,
      updated_at: now,
    })
    .where('account_id', '=', accountId)
    .execute();
}

/** Every user of an account, the owner included: who may validate is decided from their rights. */
export async function accountUsers(db: Db, accountId: string): Promise<Selectable<Database['users']>[]> {
  return db.selectFrom('users').selectAll().where('account_id', '=', accountId).orderBy('created_at').execute();
}
