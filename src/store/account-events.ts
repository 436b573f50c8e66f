import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { AccountEventDraft } from '../domain/account-events.js';
import type { AccountEventsTable, Database } from './schema.js';
import type { WriteTransaction } from './transaction.js';

type Db = Kysely<Database> | Transaction<Database>;

export type AccountEventRow = Selectable<AccountEventsTable>;

/** An event to store, with the endpoints that want it. */
export interface NewAccountEvent extends AccountEventDraft {
  endpoints: readonly string[];
}

/**
 * Stores a change's events, in its transaction, each with a delivery for every endpoint that
 * wants it. `seq` is the Seq of the change's audit event, taken under the account's chain head:
 * the account's events are ordered as their changes committed.
 */
export async function insertAccountEvents(
  db: Db,
  change: { accountId: string; seq: number; at: number },
  events: readonly NewAccountEvent[],
): Promise<void> {
  const rows = events.map((event, position) => ({
    event_id: randomUUID(),
    account_id: change.accountId,
    seq: change.seq,
    position,
    type: event.type,
    occurred_at: change.at,
    data: JSON.stringify(event.data),
  }));
  if (rows.length === 0) return;
  await db.insertInto('account_events').values(rows).execute();
  const deliveries = rows.flatMap((row, index) =>
    events[index]!.endpoints.map((endpoint) => ({
      endpoint,
      event_id: row.event_id,
      account_id: row.account_id,
      seq: row.seq,
      position: row.position,
      attempts: 0,
      next_attempt_at: change.at,
      claimed_until: 0,
      last_error: null,
      created_at: change.at,
    })),
  );
  if (deliveries.length > 0) await db.insertInto('account_event_deliveries').values(deliveries).execute();
}

/** A delivery taken by a worker: the event and where it goes. */
export interface ClaimedDelivery {
  endpoint: string;
  attempts: number;
  event: AccountEventRow;
}

/**
 * Takes up to `limit` due deliveries for `leaseMs`, counting the attempt: for each endpoint and
 * account only the first event not yet acknowledged, so that an account's events reach an
 * endpoint in order while other accounts go on. On PostgreSQL `FOR UPDATE SKIP LOCKED` lets the
 * workers of several processes claim different rows at once; a row another worker claimed stays
 * first of its account's queue, so nothing behind it is taken meanwhile. SQLite has one process.
 */
export async function claimDueDeliveries(
  tx: WriteTransaction,
  endpoints: readonly string[],
  now: number,
  leaseMs: number,
  limit: number,
): Promise<ClaimedDelivery[]> {
  if (endpoints.length === 0) return [];
  const due = tx.db
    .selectFrom('account_event_deliveries as d')
    .select(['d.endpoint', 'd.event_id'])
    .where('d.endpoint', 'in', endpoints)
    .where('d.next_attempt_at', '<=', now)
    .where('d.claimed_until', '<=', now)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('account_event_deliveries as p')
            .select(sql.lit(1).as('one'))
            .whereRef('p.endpoint', '=', 'd.endpoint')
            .whereRef('p.account_id', '=', 'd.account_id')
            .where(({ or, and, ref }) =>
              or([
                sql<boolean>`${ref('p.seq')} < ${ref('d.seq')}`,
                and([
                  sql<boolean>`${ref('p.seq')} = ${ref('d.seq')}`,
                  sql<boolean>`${ref('p.position')} < ${ref('d.position')}`,
                ]),
              ]),
            ),
        ),
      ),
    )
    .orderBy('d.next_attempt_at')
    .limit(limit);
  const picked = await tx.lock(due, { skipLocked: true }).execute();
  if (picked.length === 0) return [];
  const claimed = await tx.db
    .updateTable('account_event_deliveries')
    .set({ claimed_until: now + leaseMs, attempts: sql<number>`attempts + 1` })
    .where((eb) =>
      eb.or(picked.map((row) => eb.and([eb('endpoint', '=', row.endpoint), eb('event_id', '=', row.event_id)]))),
    )
    .returning(['endpoint', 'event_id', 'attempts'])
    .execute();
  const events = await tx.db
    .selectFrom('account_events')
    .selectAll()
    .where(
      'event_id',
      'in',
      claimed.map((row) => row.event_id),
    )
    .execute();
  const byId = new Map(events.map((event) => [event.event_id, event]));
  return claimed.flatMap(({ endpoint, event_id, attempts }) => {
    const event = byId.get(event_id);
    return event ? [{ endpoint, attempts: Number(attempts), event }] : [];
  });
}

/** The endpoint acknowledged the event: its delivery is done, and the account's next one may go. */
export async function markDelivered(db: Db, endpoint: string, eventId: string): Promise<void> {
  await db
    .deleteFrom('account_event_deliveries')
    .where('endpoint', '=', endpoint)
    .where('event_id', '=', eventId)
    .execute();
}

/** The delivery failed: tried again at `nextAttemptAt`, the account's later events waiting behind it. */
export async function markDeliveryRetry(
  db: Db,
  endpoint: string,
  eventId: string,
  nextAttemptAt: number,
  error: string,
): Promise<void> {
  await db
    .updateTable('account_event_deliveries')
    .set({ next_attempt_at: nextAttemptAt, claimed_until: 0, last_error: error.slice(0, 500) })
    .where('endpoint', '=', endpoint)
    .where('event_id', '=', eventId)
    .execute();
}

/**
 * Deletes, a thousand at a time, the events older than `before` that every endpoint acknowledged,
 * and the deliveries older than `before` to endpoints no longer configured (nobody will take them).
 */
export async function pruneAccountEvents(db: Db, endpoints: readonly string[], before: number): Promise<number> {
  let deletions = db.deleteFrom('account_event_deliveries').where('created_at', '<', before);
  if (endpoints.length > 0) deletions = deletions.where('endpoint', 'not in', endpoints);
  await deletions.execute();
  const old = db
    .selectFrom('account_events as e')
    .select('e.event_id')
    .where('e.occurred_at', '<', before)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('account_event_deliveries as d').select('d.event_id').whereRef('d.event_id', '=', 'e.event_id'),
        ),
      ),
    )
    .limit(1000);
  const result = await db.deleteFrom('account_events').where('event_id', 'in', old).executeTakeFirst();
  return Number(result.numDeletedRows);
}
