import type { Kysely, KyselyPlugin, Transaction } from 'kysely';
import type { SensitiveEffect } from '../domain/sensitive-effects.js';
import { isTransientConflict } from './database-errors.js';
import type { Database } from './schema.js';
import { sensitiveEffectsOf } from './sensitive-writes.js';

/** A query whose rows can be locked for the rest of the transaction (Kysely's select builder). */
interface Lockable<Q, Table extends string> {
  forUpdate(of?: Table): Q;
  forNoKeyUpdate(of?: Table): Q;
  skipLocked(): Q;
}

/** Where an account's audit chain ends: its last event's seq and hash, and the server's seal of them. */
export interface ChainHead {
  seq: number;
  hash: string;
  seal: string | null;
}

/**
 * The one transaction a change is written in. What must happen only once the change is durable
 * (waking the mail worker, setting a cookie) is queued with `afterCommit`; it never runs if the
 * transaction rolls back.
 */
export interface WriteTransaction {
  readonly db: Transaction<Database>;
  /**
   * Locks the rows the query reads until the commit, so that what a change checks stays true
   * while it writes. PostgreSQL needs it; SQLite runs one transaction at a time and has no
   * row locks, so the query runs as it is. `skipLocked` passes over rows another transaction
   * holds (the outbox's workers); `noKey` takes the weaker lock that an update which keeps the
   * key takes, which rows referring to this one do not wait for. `of` locks the rows of that
   * table only, of a query that joins others.
   */
  lock<Q extends Lockable<Q, Table>, Table extends string = never>(query: Q, options?: LockOptions<Table>): Q;
  /** The audit chains whose head this transaction holds, by account (see store/audit-events.ts). */
  readonly chainHeads: Map<string, ChainHead>;
  /** Runs `work` after the commit; the same function queued twice runs once. */
  afterCommit(work: AfterCommit): void;
  /**
   * A mark to ask later whether rows changed since (`wroteSince`): a call that changed nothing
   * (the city it already had) leaves no trace. The rows each statement of the transaction
   * inserted, updated or deleted are counted as their results come back, without asking the
   * database (on PostgreSQL, asking pg_stat_xact_user_tables cost two round trips a call).
   */
  writeMark(): WriteMark;
  wroteSince(mark: WriteMark): boolean;
  /**
   * The sensitive changes (domain/sensitive-effects.ts) this transaction made that nobody has
   * allowed yet. The transaction refuses to commit while there is one: only the pipeline, which
   * knows whether the account's advanced security lets them through or a validator confirmed
   * them, allows them (four eyes cannot be forgotten by a new path).
   */
  sensitiveEffects(): readonly SensitiveEffect[];
  allowSensitiveEffects(): void;
}

/** A transaction that made a sensitive change nobody allowed: a defect of the path that made it, never committed. */
export class UnallowedSensitiveWrite extends Error {
  constructor(readonly effects: readonly SensitiveEffect[]) {
    super(`a transaction made sensitive changes outside the pipeline's decision: ${effects.join(', ')}`);
  }
}

export interface LockOptions<Table extends string> {
  skipLocked?: boolean;
  noKey?: boolean;
  of?: Table;
}

export type WriteMark = number;

export type AfterCommit = () => void | Promise<void>;

export interface TransactionOptions<T = unknown> {
  /**
   * Undo everything at the end: always (what `DryRun` promises), or when the work's result says
   * so (an answer that must not leave its writes, a change that waits for a validator).
   */
  rollback?: boolean | ((result: T) => boolean);
}

/** Carries a result out of a transaction that must roll back: Kysely rolls back what throws. */
class Rollback<T> {
  constructor(readonly result: T) {}
}

/** How many times a transaction is run when PostgreSQL undoes it for a deadlock. */
const ATTEMPTS = 3;

/**
 * The WriteTransaction over Kysely's transaction `trx`, counting the rows its statements change
 * and queueing its after-commit work in `queued`.
 */
function writeTransaction(trx: Transaction<Database>, rowLocks: boolean, queued: Set<AfterCommit>): WriteTransaction {
  // Rows this transaction changed so far (a row lock alone is no change).
  let changed = 0;
  // SQLite reports no count for a write that returns rows (RETURNING): its rows are the count.
  const returningWrites = new WeakSet<object>();
  // A statement's sensitive effects count once it changed a row (deleting nothing removes nothing);
  // those of a SELECT's WITH clause, whose rows are not counted, count whatever it returns.
  const effectsOfQuery = new WeakMap<object, { effects: SensitiveEffect[]; counted: boolean }>();
  let unallowed = new Set<SensitiveEffect>();
  const counter: KyselyPlugin = {
    transformQuery: ({ node, queryId }) => {
      if (node.kind === 'RawNode') return node;
      const counted = node.kind !== 'SelectQueryNode';
      if (counted) returningWrites.add(queryId);
      const effects = sensitiveEffectsOf(node);
      if (effects.length > 0) effectsOfQuery.set(queryId, { effects, counted });
      return node;
    },
    transformResult: ({ result, queryId }) => {
      const count = result.numAffectedRows ?? (returningWrites.has(queryId) ? BigInt(result.rows.length) : 0n);
      changed += Number(count);
      const written = effectsOfQuery.get(queryId);
      if (written && (count > 0n || !written.counted)) for (const effect of written.effects) unallowed.add(effect);
      return Promise.resolve(result);
    },
  };
  return {
    db: trx.withPlugin(counter),
    lock: (query, lockOptions) => {
      if (!rowLocks) return query;
      const of = lockOptions?.of;
      const locked = lockOptions?.noKey ? query.forNoKeyUpdate(of) : query.forUpdate(of);
      return lockOptions?.skipLocked ? locked.skipLocked() : locked;
    },
    chainHeads: new Map(),
    afterCommit: (hook) => void queued.add(hook),
    writeMark: () => changed,
    wroteSince: (before) => changed > before,
    sensitiveEffects: () => [...unallowed],
    allowSensitiveEffects: () => {
      unallowed = new Set();
    },
  };
}

/**
 * Runs `work` in one transaction, committed if it returns and rolled back if it throws (or when
 * asked to). After a commit the queued work starts, and is not waited for (a mail is not sent
 * while the caller waits); it cannot undo the change, so its failures go to
 * `onAfterCommitError` rather than to the caller.
 *
 * When PostgreSQL picks the transaction as a deadlock's victim, nothing of it was written and
 * the one it waited for could go on: `work` is run again, in a new transaction, up to ATTEMPTS
 * times, rather than failing a request that did nothing wrong.
 */
export async function runTransaction<T>(
  db: Kysely<Database>,
  rowLocks: boolean,
  work: (tx: WriteTransaction) => Promise<T>,
  options: TransactionOptions<T>,
  onAfterCommitError: (error: unknown) => void,
): Promise<T> {
  const queued = new Set<AfterCommit>();
  let result: T;
  for (let attempt = 1; ; attempt += 1) {
    // What an undone attempt queued never runs.
    queued.clear();
    try {
      result = await db.transaction().execute(async (trx) => {
        const tx = writeTransaction(trx, rowLocks, queued);
        const done = await work(tx);
        // Kysely rolls back a transaction whose work throws: a DryRun throws its result out.
        const { rollback } = options;
        if (rollback === true || (typeof rollback === 'function' && rollback(done))) throw new Rollback(done);
        const unallowed = tx.sensitiveEffects();
        if (unallowed.length > 0) throw new UnallowedSensitiveWrite(unallowed);
        return done;
      });
      break;
    } catch (error) {
      if (error instanceof Rollback) return error.result as T;
      if (attempt >= ATTEMPTS || !isTransientConflict(error)) throw error;
    }
  }
  for (const hook of queued) {
    try {
      void hook()?.catch(onAfterCommitError);
    } catch (error) {
      onAfterCommitError(error);
    }
  }
  return result;
}
