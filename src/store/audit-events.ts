import { type Kysely, type QueryCreator, type Selectable, type Transaction } from 'kysely';
import type { ChainedEvent } from '../domain/audit-chain.js';
import type { Engine } from './database.js';
import { ReusableQuery } from './reusable-query.js';
import type { AuditCheckpointsTable, AuditEventsTable, Database } from './schema.js';
import type { ChainHead, WriteTransaction } from './transaction.js';

type Db = Kysely<Database> | Transaction<Database>;

export type AuditEventRow = Selectable<AuditEventsTable>;

/** The row as the chain hashes it: every field but its own hash. */
export function chainedEventOf(row: Omit<AuditEventRow, 'hash' | 'seal'>): ChainedEvent {
  return {
    accountId: row.account_id,
    seq: row.seq,
    at: row.at,
    actorId: row.actor_id,
    actorName: row.actor_name,
    interface: row.interface,
    credential: row.credential,
    ip: row.ip,
    device: row.device,
    action: row.action,
    target: row.target,
    changes: row.changes,
    operationId: row.operation_id,
    validatedBy: row.validated_by,
    outcome: row.outcome,
    reason: row.reason,
    prevHash: row.prev_hash,
  };
}

/**
 * The head of the account's chain — its last event's seq and hash — held until the commit, so
 * that appends of one account follow each other: the account's row, locked (FOR NO KEY UPDATE,
 * which rows referring to the account do not wait for; SQLite runs one writer at a time). Taken
 * as the transaction's last step, so that it waits on nothing else; a transaction that already
 * holds the row (a profile update) noted its head then, and reads nothing more.
 */
/** The head an account's row records (as read with the account, or locked): what its next event chains to. */
export function chainHeadOf(account: {
  audit_seq: number;
  audit_hash: string;
  audit_head_seal: string | null;
}): ChainHead {
  return { seq: account.audit_seq, hash: account.audit_hash, seal: account.audit_head_seal };
}

export async function lockChainHead(tx: WriteTransaction, accountId: string): Promise<ChainHead> {
  const held = tx.chainHeads.get(accountId);
  if (held) return held;
  const row = await tx
    .lock(
      tx.db
        .selectFrom('accounts')
        .select(['audit_seq', 'audit_hash', 'audit_head_seal'])
        .where('account_id', '=', accountId),
      {
        noKey: true,
      },
    )
    .executeTakeFirst();
  if (!row) throw new Error(`no account ${accountId} to record an event of`);
  const head = chainHeadOf(row);
  tx.chainHeads.set(accountId, head);
  return head;
}

/** Every column of an event, each a parameter of the statements that append one. */
const EVENT_COLUMNS: Record<keyof AuditEventRow, true> = {
  account_id: true,
  seq: true,
  at: true,
  actor_id: true,
  actor_name: true,
  interface: true,
  credential: true,
  ip: true,
  device: true,
  action: true,
  target: true,
  changes: true,
  operation_id: true,
  validated_by: true,
  outcome: true,
  reason: true,
  prev_hash: true,
  hash: true,
  seal: true,
};
export const EVENT_COLUMN_NAMES = Object.keys(EVENT_COLUMNS) as (keyof AuditEventRow)[];

/** An event ready to append: its row, and the account's head once it is appended, sealed. */
export type SealedEvent = AuditEventRow & { head_seal: string };
/** Every parameter of the statements that append an event: its columns and the head's seal. */
export const EVENT_PARAMETER_NAMES = [...EVENT_COLUMN_NAMES, 'head_seal'] as (keyof SealedEvent)[];
type EventParameters = Record<keyof SealedEvent, string>;

// Every write call appends one: built and compiled once, not per call. The placeholders stand
// for the values, whatever their type.
const eventColumnsOf = (p: EventParameters) =>
  Object.fromEntries(EVENT_COLUMN_NAMES.map((column) => [column, p[column]])) as unknown as AuditEventRow;
const insertEvent = (db: QueryCreator<Database>, p: EventParameters) =>
  db.insertInto('audit_events').values(eventColumnsOf(p));
/** The account's chain head once the event is appended, with its seal: set on the account's row. */
export const headAt = (p: EventParameters) => ({
  audit_seq: p.seq as unknown as number,
  audit_hash: p.hash,
  audit_head_seal: p.head_seal,
});
const moveHead = (db: Kysely<Database>, p: EventParameters) =>
  db.updateTable('accounts').set(headAt(p)).where('account_id', '=', p.account_id);
const appendAndMoveHead = new ReusableQuery(EVENT_PARAMETER_NAMES, (db, p) =>
  db
    .with('appended', (db) => insertEvent(db, p))
    .updateTable('accounts')
    .set(headAt(p))
    .where('account_id', '=', p.account_id),
);
const appendOnly = new ReusableQuery(EVENT_PARAMETER_NAMES, insertEvent);
const moveHeadOnly = new ReusableQuery(EVENT_PARAMETER_NAMES, moveHead);

/**
 * For a statement whose `written` part changed the account (a CTE returning its row): the event,
 * appended once for that row, and not at all if the change wrote none.
 */
export const insertEventIfWritten = (
  db: QueryCreator<Database & { written: { account_id: string } }>,
  p: EventParameters,
) =>
  db
    .insertInto('audit_events')
    .columns(EVENT_COLUMN_NAMES)
    .expression(
      db.selectFrom('written').select((eb) => EVENT_COLUMN_NAMES.map((column) => eb.val(p[column]).as(column))),
    );

/** Appends the event after the head `lockChainHead` gave, and moves the head to it: one statement on PostgreSQL. */
export async function appendEvent(tx: WriteTransaction, engine: Engine, row: SealedEvent): Promise<void> {
  if (engine === 'postgres') await appendAndMoveHead.run(tx.db, row);
  else {
    await appendOnly.run(tx.db, row);
    await moveHeadOnly.run(tx.db, row);
  }
  tx.chainHeads.set(row.account_id, { seq: row.seq, hash: row.hash, seal: row.head_seal });
}

/** Where the account's row says its chain ends, with the server's seal of it. */
export async function readChainHead(
  db: Db,
  accountId: string,
): Promise<{ seq: number; hash: string; seal: string | null } | undefined> {
  return db
    .selectFrom('accounts')
    .select(['audit_seq as seq', 'audit_hash as hash', 'audit_head_seal as seal'])
    .where('account_id', '=', accountId)
    .executeTakeFirst();
}

/** A batch of an account's events in chain order, after `afterSeq`. */
export async function eventsAfter(
  db: Db,
  accountId: string,
  afterSeq: number,
  limit: number,
): Promise<AuditEventRow[]> {
  return db
    .selectFrom('audit_events')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
}

export interface EventFilter {
  from?: number;
  to?: number;
  actorId?: string;
  action?: string;
  target?: string;
  outcome?: string;
}

function matching(db: Db, accountId: string, filter: EventFilter) {
  let query = db.selectFrom('audit_events').selectAll().where('account_id', '=', accountId);
  if (filter.from !== undefined) query = query.where('at', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('at', '<', filter.to);
  if (filter.actorId !== undefined) query = query.where('actor_id', '=', filter.actorId);
  if (filter.action !== undefined) query = query.where('action', '=', filter.action);
  if (filter.target !== undefined) query = query.where('target', '=', filter.target);
  if (filter.outcome !== undefined) query = query.where('outcome', '=', filter.outcome);
  return query;
}

/** A page of an account's events, newest first, filtered. */
export async function listEvents(
  db: Db,
  accountId: string,
  filter: EventFilter,
  page: { first: number; count: number },
): Promise<AuditEventRow[]> {
  return matching(db, accountId, filter).orderBy('seq', 'desc').offset(page.first).limit(page.count).execute();
}

/** Every matching event in chain order, read a batch at a time after the last one read (no offset to skip). */
export async function* allEvents(
  db: Db,
  accountId: string,
  filter: EventFilter,
  batch = 1000,
): AsyncGenerator<AuditEventRow> {
  let after = 0;
  for (;;) {
    const rows = await matching(db, accountId, filter).where('seq', '>', after).orderBy('seq').limit(batch).execute();
    yield* rows;
    if (rows.length < batch) return;
    after = rows[rows.length - 1]!.seq;
  }
}

export type AuditCheckpointRow = Selectable<AuditCheckpointsTable>;

export async function findCheckpoint(db: Db, accountId: string): Promise<AuditCheckpointRow | undefined> {
  return db.selectFrom('audit_checkpoints').selectAll().where('account_id', '=', accountId).executeTakeFirst();
}

/** Accounts holding events older than `before`, a few at a time. */
export async function accountsWithEventsBefore(db: Db, before: number, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('audit_events')
    .select('account_id')
    .distinct()
    .where('at', '<', before)
    .limit(limit)
    .execute();
  return rows.map((row) => row.account_id);
}

/** The newest of an account's events older than `before`, up to `maxSeq`: the prefix up to it can go. */
export async function lastEventBefore(
  db: Db,
  accountId: string,
  before: number,
  maxSeq: number,
): Promise<{ seq: number; hash: string } | undefined> {
  return db
    .selectFrom('audit_events')
    .select(['seq', 'hash'])
    .where('account_id', '=', accountId)
    .where('at', '<', before)
    .where('seq', '<=', maxSeq)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Removes the chain's prefix through `seq` and records where the kept chain starts, signed. */
export async function prunePrefix(db: Db, checkpoint: AuditCheckpointRow): Promise<void> {
  await db
    .insertInto('audit_checkpoints')
    .values(checkpoint)
    .onConflict((conflict) =>
      conflict.column('account_id').doUpdateSet({
        seq: checkpoint.seq,
        hash: checkpoint.hash,
        at: checkpoint.at,
        signature: checkpoint.signature,
      }),
    )
    .execute();
  await db
    .deleteFrom('audit_events')
    .where('account_id', '=', checkpoint.account_id)
    .where('seq', '<=', checkpoint.seq)
    .execute();
}
